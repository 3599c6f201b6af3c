/** Use cases: list models by name and a model's versions newest first, in cursor-paginated pages. */
import * as z from 'zod';
import { definedProps } from '../defined-props';
import { NotFoundError, ValidationError } from '../errors';
import type { ModelSummary, ModelVersion } from './model-version';
import type { ModelRegistryDeps } from './register-model-version';

/** Query parameters of the list routes: `limit` (1–100, default 25) and an opaque `cursor`. */
export const listPageInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(500).optional(),
});
export type ListPageInput = z.infer<typeof listPageInput>;

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  readonly nextCursor?: string;
}

const modelsCursor = z.strictObject({ after: z.string().min(1) });
const versionsCursor = z.strictObject({ before: z.number().int().positive() });

function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor this module issued; anything else is a 400 naming `cursor`. */
function decodeCursor<T>(schema: z.ZodType<T>, cursor: string): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError('INVALID_CURSOR', 'The cursor is not one this list returned', [
      { path: 'cursor', message: 'unknown cursor' },
    ]);
  }
  return result.data;
}

/** Models in name order (byte order, as the cursor compares). */
export async function listModels(
  page: ListPageInput,
  deps: Pick<ModelRegistryDeps, 'registry'>,
): Promise<Page<ModelSummary>> {
  const after = page.cursor === undefined ? undefined : decodeCursor(modelsCursor, page.cursor).after;
  const result = await deps.registry.listModels({
    limit: page.limit,
    after,
  });
  const last = result.items.at(-1);
  return definedProps({
    items: result.items,
    nextCursor: result.hasMore && last ? encodeCursor({ after: last.name }) : undefined,
  });
}

/** A model's versions, newest first; 404 when the model does not exist. */
export async function listModelVersions(
  modelName: string,
  page: ListPageInput,
  deps: Pick<ModelRegistryDeps, 'registry'>,
): Promise<Page<ModelVersion>> {
  const before = page.cursor === undefined ? undefined : decodeCursor(versionsCursor, page.cursor).before;
  if (!(await deps.registry.findModel(modelName))) {
    throw new NotFoundError('MODEL_NOT_FOUND', `Model "${modelName}" does not exist`);
  }
  const result = await deps.registry.listVersions(modelName, {
    limit: page.limit,
    before,
  });
  const last = result.items.at(-1);
  return definedProps({
    items: result.items,
    nextCursor: result.hasMore && last ? encodeCursor({ before: last.version }) : undefined,
  });
}
