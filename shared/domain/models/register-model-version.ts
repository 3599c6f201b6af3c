/** Use case: register the next version of a model (created with its first version), audited and idempotent. */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { AuditLog } from '../../ports/audit-log';
import type { ModelRegistry } from '../../ports/model-registry';
import { ConflictError } from '../errors';
import type { ModelVersion } from './model-version';

/** Hyperparameters are configuration, not data: a generous bound keeps rows and audit entries small. */
const MAX_HYPERPARAMETERS_BYTES = 16 * 1024;

const keySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or underscore, then letters, digits, _ . -');

/** The body of `POST /v1/models/{name}/versions`. */
export const registerModelVersionInput = z.strictObject({
  description: z.string().trim().min(1).max(1000).optional(),
  /** The algorithm the model server runs, e.g. `robust-zscore` or `theta+ets`. */
  algorithm: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9+._-]*$/, 'must be lower-case letters, digits and + . _ -'),
  hyperparameters: z
    .record(keySchema, z.json())
    .default({})
    .refine((value) => JSON.stringify(value).length <= MAX_HYPERPARAMETERS_BYTES, {
      message: `must serialise to at most ${MAX_HYPERPARAMETERS_BYTES} bytes of JSON`,
    }),
  /** Evaluation scores by metric, e.g. `{ "nabStandard": 71.2 }` or `{ "m4HourlyOwa": 0.61 }`. */
  scores: z
    .record(keySchema, z.number())
    .default({})
    .refine((value) => Object.keys(value).length <= 50, { message: 'at most 50 scores' }),
  /** Container image (`<registry>/<repo>:<tag>` or `@sha256:<digest>`) or model artifact URI (`s3://...`). */
  artifact: z.string().min(1).max(2048).regex(/^\S+$/, 'must not contain whitespace'),
});
export type RegisterModelVersionInput = z.infer<typeof registerModelVersionInput>;

export interface ModelRegistryDeps {
  readonly registry: ModelRegistry;
  readonly audit: AuditLog;
}

/** Who acts: the admin API key; its tenant is where the audit entry is filed. */
export interface RegistryActor {
  readonly tenantId: string;
  readonly keyId: string;
}

/** JSON with object keys sorted, so equal requests digest equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The digest a replayed idempotency key is compared by. */
export function registrationFingerprint(modelName: string, input: RegisterModelVersionInput): string {
  return createHash('sha256')
    .update(canonicalJson({ modelName, ...input }))
    .digest('hex');
}

/**
 * Registers a new `staging` version numbered one above the model's last. With an idempotency
 * key, a retry of the same request returns the version the first attempt created
 * (`created: false`); the same key with a different request is a 409.
 */
export async function registerModelVersion(
  request: {
    readonly modelName: string;
    readonly idempotencyKey?: string | undefined;
    readonly input: RegisterModelVersionInput;
  },
  actor: RegistryActor,
  deps: ModelRegistryDeps,
): Promise<{ version: ModelVersion; created: boolean }> {
  const { modelName, idempotencyKey, input } = request;
  const fingerprint = registrationFingerprint(modelName, input);
  const result = await deps.registry.registerVersion({
    modelName,
    description: input.description,
    algorithm: input.algorithm,
    hyperparameters: input.hyperparameters,
    scores: input.scores,
    artifact: input.artifact,
    createdBy: `key:${actor.keyId}`,
    idempotencyKey,
    fingerprint,
  });
  if (result.kind === 'replayed') {
    if (result.fingerprint !== fingerprint) {
      throw new ConflictError(
        'IDEMPOTENCY_KEY_REUSED',
        `Idempotency key "${idempotencyKey}" was used for a different registration of "${modelName}" (version ${result.version.version})`,
        [{ path: 'Idempotency-Key', message: 'already used with a different request body' }],
      );
    }
    return { version: result.version, created: false };
  }
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: `key:${actor.keyId}`,
    action: 'model.version-registered',
    target: `model:${modelName}/${result.version.version}`,
    details: { algorithm: input.algorithm, artifact: input.artifact, scores: input.scores },
  });
  return { version: result.version, created: true };
}
