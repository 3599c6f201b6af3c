/**
 * Creates the platform operator key and the first tenant with its admin key, once, and writes
 * them to the bootstrap secret. Run by a CDK Trigger after the migrations on every deployment
 * (a no-op once the secret holds a value) or by `aws lambda invoke`. Keys are never logged or
 * returned: the result names the tenant and the secret only.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import {
  type BootstrapCredentialsDeps,
  type BootstrapOutcome,
  bootstrapCredentials,
} from '../../../shared/domain/tenancy/bootstrap-credentials';

export interface BootstrapPlatformDeps extends BootstrapCredentialsDeps {
  readonly secretId: string;
  readonly logger: Logger;
}

/** `aws lambda invoke --payload '{"tenantName":"Acme"}'` names the first tenant; a Trigger sends its own event. */
const invocation = z.looseObject({ tenantName: z.string().trim().min(1).max(200).optional() });

export const defaultFirstTenantName = 'First tenant';

export function makeBootstrapPlatformHandler(deps: BootstrapPlatformDeps) {
  return async (event: unknown): Promise<BootstrapOutcome> => {
    const parsed = invocation.safeParse(event ?? {});
    const tenantName = (parsed.success ? parsed.data.tenantName : undefined) ?? defaultFirstTenantName;
    try {
      const outcome = await bootstrapCredentials({ secretId: deps.secretId, tenantName }, deps);
      deps.logger.info(outcome.created ? 'platform bootstrapped' : 'already bootstrapped', { ...outcome });
      return outcome;
    } catch (error) {
      deps.logger.error('bootstrap failed', { error: error instanceof Error ? error : String(error) });
      throw error;
    }
  };
}
