import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSdkRequests, operationOf, perUnit } from '../../../../scripts/cost/sdk-requests';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end('{}'));
});
let port = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = String((server.address() as AddressInfo).port);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = (method: string, path: string, headers: Record<string, string> = {}) =>
  new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end('{}');
  });

describe('SDK request counting', () => {
  it('names the operation by JSON target, Data API path, SageMaker invocation or S3 method', () => {
    expect(operationOf('dynamodb', 'POST', '/', 'DynamoDB_20120810.Query')).toBe('Query');
    expect(operationOf('rds-data', 'POST', '/Execute', undefined)).toBe('ExecuteStatement');
    expect(operationOf('rds-data', 'POST', '/BeginTransaction', undefined)).toBe('BeginTransaction');
    expect(operationOf('sagemaker', 'POST', '/endpoints/nexus-anomaly/invocations', undefined)).toBe(
      'InvokeEndpoint',
    );
    expect(operationOf('s3', 'PUT', '/bucket/key?x-id=PutObject', undefined)).toBe('PUT');
    expect(operationOf('s3', 'GET', '/bucket?list-type=2&prefix=a', undefined)).toBe('GET (list)');
  });

  it('counts the requests to a known port since a snapshot, and none to others', async () => {
    const counter = countSdkRequests();
    await send('POST', '/Execute'); // no ports known yet
    counter.setPorts(new Map([[port, 'rds-data']]));
    await send('POST', '/Execute');
    const before = counter.snapshot();
    await send('POST', '/Execute');
    await send('POST', '/Execute');
    await send('POST', '/CommitTransaction');
    expect(counter.since(before)).toEqual({
      'rds-data ExecuteStatement': 2,
      'rds-data CommitTransaction': 1,
    });
    expect(counter.calls.get('rds-data ExecuteStatement')).toBe(3);
    expect(perUnit(counter.since(before), 2)).toEqual({
      'rds-data ExecuteStatement': 1,
      'rds-data CommitTransaction': 0.5,
    });
  });
});
