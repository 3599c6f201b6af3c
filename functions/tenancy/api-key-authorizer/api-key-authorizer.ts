/** API Gateway REQUEST authorizer: an API key in, an IAM policy with the tenant in its context out. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { DomainError } from '../../../shared/domain/errors';
import { authenticate } from '../../../shared/domain/tenancy/authenticate';
import type { TenantDirectory } from '../../../shared/ports/tenancy';
import { authorizerDenial } from '../../../shared/runtime/authorizer-denial';

export interface AuthorizerDeps {
  readonly directory: Pick<TenantDirectory, 'findActiveKey' | 'isRevokedKey'>;
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

export function makeApiKeyAuthorizerHandler(deps: AuthorizerDeps) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    // Two keys in one request: which one API Gateway or a proxy passes on is not ours to guess.
    if (headerValues(event, 'authorization').length > 1 || headerValues(event, 'x-api-key').length > 1) {
      return denial(event.methodArn, 'AMBIGUOUS_CREDENTIALS', 'Send one Authorization or x-api-key header');
    }
    try {
      const principal = await authenticate(
        { authorization: headerOf(event, 'authorization'), apiKeyHeader: headerOf(event, 'x-api-key') },
        deps,
      );
      return {
        principalId: principal.keyId,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: apiWideResource(event.methodArn) },
          ],
        },
        context: { tenantId: principal.tenantId, keyId: principal.keyId, scopes: principal.scopes.join(',') },
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
