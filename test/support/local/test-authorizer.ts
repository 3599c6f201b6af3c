/** Test authorizer: `Bearer good` is allowed with a tenant context, `Bearer deny` gets a Deny policy, else 401. */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

let invocations = 0;

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  invocations++;
  const authorization = event.headers?.Authorization ?? event.headers?.authorization;
  const apiKey = event.headers?.['x-api-key'];
  const allowed = authorization === 'Bearer good' || apiKey === 'good';
  if (!allowed && authorization !== 'Bearer deny') throw new Error('Unauthorized');
  const [arnPrefix, stage] = event.methodArn.split('/');
  return {
    principalId: 'key-1',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: allowed ? 'Allow' : 'Deny',
          Resource: `${arnPrefix}/${stage}/*`,
        },
      ],
    },
    // Numbers arrive as strings in REST API integrations; `invocations` shows whether the cache was used.
    context: { tenantId: 'tenant-1', keyId: 'key-1', invocations },
  };
}
