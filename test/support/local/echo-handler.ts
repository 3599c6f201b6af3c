/** Test handler: echoes the proxy event it received, or misbehaves on purpose on a few paths. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult | string> {
  if (event.resource === '/boom') throw new Error('boom on purpose');
  if (event.resource === '/malformed') return 'not a proxy result';
  if (event.resource === '/binary') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
      multiValueHeaders: { 'x-multi': ['a', 'b'] },
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    };
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
}
