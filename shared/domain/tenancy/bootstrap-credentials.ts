/**
 * The first step after a deployment: run `bootstrapPlatform` once and keep its keys in a secret
 * store (Secrets Manager in AWS), never in a log or a return value. The secret is the marker of
 * "already bootstrapped": a second run finds it holding a value and creates nothing.
 */
import type { SecretStore } from '../../ports/secret-store';
import { bootstrapPlatform, type TenantDeps } from './manage-tenants';

export interface BootstrapCredentialsDeps extends TenantDeps {
  readonly secrets: SecretStore;
}

/** What the secret holds (JSON): both keys are shown nowhere else. */
export interface BootstrapSecretValue {
  readonly apiUrl?: string;
  readonly operatorKey: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly tenantAdminKey: string;
  readonly createdAt: string;
}

/** The outcome, safe to log: no key. */
export type BootstrapOutcome =
  | { readonly created: true; readonly tenantId: string; readonly secretId: string }
  | { readonly created: false; readonly secretId: string };

export async function bootstrapCredentials(
  input: { readonly secretId: string; readonly tenantName: string; readonly now?: Date },
  deps: BootstrapCredentialsDeps,
): Promise<BootstrapOutcome> {
  // Checked before any key exists, so a re-run (every deployment runs the Trigger) adds no key.
  if (await deps.secrets.hasValue(input.secretId)) return { created: false, secretId: input.secretId };
  const boot = await bootstrapPlatform({ tenantName: input.tenantName }, deps);
  const value: BootstrapSecretValue = {
    operatorKey: boot.operatorKey,
    tenantId: boot.tenantId,
    tenantName: input.tenantName,
    tenantAdminKey: boot.apiKey,
    createdAt: (input.now ?? new Date()).toISOString(),
  };
  await deps.secrets.putFirstValue(input.secretId, JSON.stringify(value));
  return { created: true, tenantId: boot.tenantId, secretId: input.secretId };
}
