/** Names and numbers in the model registry: model, endpoint and variant names, versions, idempotency keys. */
import * as z from 'zod';
import { ValidationError } from '../errors';

/**
 * SageMaker's pattern for model, endpoint and variant names: the registry's names become
 * SageMaker resource names, so anything SageMaker would refuse is refused here first.
 */
const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** A registry name (model, endpoint or variant): 1–63 letters, digits and inner hyphens. */
export const registryNameSchema = z
  .string()
  .regex(
    SAGEMAKER_NAME,
    'must be 1-63 letters, digits or hyphens, starting and ending with a letter or digit',
  );

const versionSchema = z.coerce.number().int().positive().max(2_147_483_647);

const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

function parseParam<T>(schema: z.ZodType<T>, value: unknown, path: string, code: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(code, `"${path}" is invalid`, [
    { path, message: result.error.issues[0]?.message ?? 'invalid' },
  ]);
}

/** Validates a model, endpoint or variant name taken from a path; `path` names it in the error. */
export function assertRegistryName(value: string, path: string): string {
  return parseParam(registryNameSchema, value, path, 'INVALID_NAME');
}

/** A version number taken from a path: a positive integer. */
export function assertVersionNumber(value: string): number {
  return parseParam(versionSchema, /^\d+$/.test(value) ? value : Number.NaN, 'version', 'INVALID_VERSION');
}

/** The optional `Idempotency-Key` of a registration. */
export function assertIdempotencyKey(value: string | undefined): string | undefined {
  return value === undefined
    ? undefined
    : parseParam(idempotencyKeySchema, value, 'Idempotency-Key', 'INVALID_IDEMPOTENCY_KEY');
}
