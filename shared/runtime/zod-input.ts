/** Turns zod validation failures into ValidationErrors with field paths. */
import type * as z from 'zod';
import { ValidationError } from '../domain/errors';

export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  code = 'INVALID_REQUEST',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, ''),
    message: issue.message,
    code: issue.code,
  }));
  throw new ValidationError(code, 'The request is invalid', details);
}
