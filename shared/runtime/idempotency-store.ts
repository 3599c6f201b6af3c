/** The lake writer's per-event claims: DynamoDB (dynalite locally). */
import { DynamoIdempotencyStore } from '../adapters/aws/dynamodb-idempotency-store';
import type { IdempotencyStore } from '../ports/idempotency-store';
import { dynamoDocumentClient } from './clients/dynamodb-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';

export function idempotencyStore(rt: Runtime = runtime()): IdempotencyStore {
  return new DynamoIdempotencyStore(rt.client(dynamoDocumentClient), {
    tableName: required(rt.config, 'idempotencyTable'),
  });
}
