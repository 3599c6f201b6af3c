/** API Gateway REQUEST authorizer: an API key in, an IAM policy with the tenant in its context out. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { DomainError, RetryLaterError } from '../../../shared/domain/errors';
import { authenticateWithLimits } from '../../../shared/domain/tenancy/authenticate';
import { enforceRequestRate, type RateLimitDeps } from '../../../shared/domain/tenancy/rate-limits';
import { effectiveLimits } from '../../../shared/domain/tenancy/tenant-limits';
import type { ActiveKeyWithLimits, TenantDirectory } from '../../../shared/ports/tenancy';
import { authorizerDenial } from '../../../shared/runtime/authorizer-denial';
import { verdictContext } from '../../../shared/runtime/rate-limit-verdict';

export interface AuthorizerDeps {
  /** Resolves the key and its tenant's limits in one read, so a request costs one round trip there. */
  readonly directory: Pick<TenantDirectory, 'findActiveKeyWithLimits' | 'isRevokedKey'>;
  /** The tenants' request buckets: one conditional write per request (see rate-limits.ts). */
  readonly rateLimits: RateLimitDeps['store'];
  readonly now: () => Date;
  readonly logger: Logger;
}

function headerOf(event: APIGatewayRequestAuthorizerEvent, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/** Every value sent for a header, whatever the casing of each copy. */
function headerValues(event: APIGatewayRequestAuthorizerEvent, name: string): string[] {
  return Object.entries(event.multiValueHeaders ?? {})
    .filter(([key]) => key.toLowerCase() === name)
    .flatMap(([, values]) => values ?? []);
}

/** A Deny of the whole API whose context tells the client why (see authorizerDenial). */
function denial(methodArn: string, code: string, message: string): APIGatewayAuthorizerResult {
  return {
    principalId: 'anonymous',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: apiWideResource(methodArn) }],
    },
    context: { [authorizerDenial.codeKey]: code, [authorizerDenial.messageKey]: message },
  };
}

/** The policy covers every method of the API, so a cached decision serves all routes. */
function apiWideResource(methodArn: string): string {
  const [arnPrefix, stage] = methodArn.split('/');
  return `${arnPrefix}/${stage}/*`;
}

/**
 * Takes one request from the tenant's bucket. A refusal rides in the context to the handler,
 * which answers 429 (see rate-limit-verdict.ts). Operators are limited by the stage throttle
 * only. A store that fails lets the request through: the limiter must not take the API down.
 */
async function rateVerdict(
  { principal, limits }: ActiveKeyWithLimits,
  deps: AuthorizerDeps,
): Promise<Record<string, string | number>> {
  if (principal.scopes.includes('operator')) return {};
  try {
    await enforceRequestRate(principal.tenantId, effectiveLimits(limits), {
      store: deps.rateLimits,
      now: deps.now,
    });
    return {};
  } catch (error) {
    if (error instanceof RetryLaterError) {
      deps.logger.info('request rate limited', { tenantId: principal.tenantId, code: error.code });
      return verdictContext(error);
    }
    deps.logger.error('rate limit check failed; request let through', { error: error as Error });
    return {};
  }
}

export function makeApiKeyAuthorizerHandler(deps: AuthorizerDeps) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    // Two keys in one request: which one API Gateway or a proxy passes on is not ours to guess.
    if (headerValues(event, 'authorization').length > 1 || headerValues(event, 'x-api-key').length > 1) {
      return denial(event.methodArn, 'AMBIGUOUS_CREDENTIALS', 'Send one Authorization or x-api-key header');
    }
    try {
      const active = await authenticateWithLimits(
        { authorization: headerOf(event, 'authorization'), apiKeyHeader: headerOf(event, 'x-api-key') },
        deps,
      );
      const { principal } = active;
      return {
        principalId: principal.keyId,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: apiWideResource(event.methodArn) },
          ],
        },
        context: {
          tenantId: principal.tenantId,
          keyId: principal.keyId,
          scopes: principal.scopes.join(','),
          ...(await rateVerdict(active, deps)),
        },
      };
    } catch (error) {
      if (error instanceof DomainError) {
        deps.logger.info('authorization refused', { code: error.code });
        return denial(event.methodArn, error.code, error.message);
      }
      throw error;
    }
  };
}
