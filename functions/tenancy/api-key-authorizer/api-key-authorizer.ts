/** API Gateway REQUEST authorizer: an API key in, an IAM policy with the tenant in its context out. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { DomainError } from '../../../shared/domain/errors';
import { authenticate } from '../../../shared/domain/tenancy/authenticate';
import type { TenantDirectory } from '../../../shared/ports/tenancy';

export interface AuthorizerDeps {
  readonly directory: Pick<TenantDirectory, 'findActiveKey'>;
  readonly logger: Logger;
}

function headerOf(event: APIGatewayRequestAuthorizerEvent, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/** The policy covers every method of the API, so a cached decision serves all routes. */
function apiWideResource(methodArn: string): string {
  const [arnPrefix, stage] = methodArn.split('/');
  return `${arnPrefix}/${stage}/*`;
}

export function makeApiKeyAuthorizerHandler(deps: AuthorizerDeps) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
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
        // API Gateway turns exactly this message into a 401.
        throw new Error('Unauthorized');
      }
      throw error;
    }
  };
}
