/** IdempotencyStore on DynamoDB: one item per (tenant, dataset, eventId) claim. */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import type { EventClaim, IdempotencyStore } from '../../ports/idempotency-store';

export interface DynamoIdempotencyStoreOptions {
  readonly tableName: string;
  /** @default 8 */
  readonly maxAttempts?: number;
  /** Batch calls in flight at once: bounded so a large Kinesis batch does not flood the table. @default 8 */
  readonly concurrency?: number;
  /**
   * Days a claim is kept: longer than any redelivery (stream retention up to 7 days, a batch
   * replayed from the 14-day dead-letter queue). @default 15
   */
  readonly claimTtlDays?: number;
}

/** The table's TTL attribute (epoch seconds), set by infra on the idempotency table. */
export const claimExpiryAttribute = 'expiresAt';

const getBatchSize = 100;
const writeBatchSize = 25;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: DynamoIdempotencyStoreOptions,
  ) {}

  async getClaims(keys: readonly string[]): Promise<Map<string, EventClaim>> {
    const found = new Map<string, EventClaim>();
    const table = this.options.tableName;
    const limit = pLimit(this.options.concurrency ?? 8);
    await Promise.all(
      chunks([...new Set(keys)], getBatchSize).map((batch) =>
        limit(async () => {
          let pending: Record<string, unknown>[] | undefined = batch.map((pk) => ({ pk }));
          for (let attempt = 0; pending && pending.length > 0; attempt++) {
            this.guard(attempt, 'BatchGetItem');
            const result: BatchGetCommandOutput = await this.client.send(
              new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
            );
            for (const item of result.Responses?.[table] ?? []) {
              const claim = {
                key: String(item['pk']),
                fileKey: String(item['fileKey']),
              };
              found.set(claim.key, claim);
            }
            pending = result.UnprocessedKeys?.[table]?.Keys;
            if (pending?.length) await sleep(25 * 2 ** attempt);
          }
        }),
      ),
    );
    return found;
  }

  async putClaims(claims: readonly EventClaim[]): Promise<void> {
    const table = this.options.tableName;
    const now = new Date();
    const expiresAt = Math.floor(now.getTime() / 1000) + (this.options.claimTtlDays ?? 15) * 86_400;
    const limit = pLimit(this.options.concurrency ?? 8);
    await Promise.all(
      chunks(claims, writeBatchSize).map((batch) =>
        limit(async () => {
          let pending = batch.map((c) => ({
            PutRequest: {
              Item: {
                pk: c.key,
                fileKey: c.fileKey,
                at: now.toISOString(),
                [claimExpiryAttribute]: expiresAt,
              },
            },
          }));
          for (let attempt = 0; pending.length > 0; attempt++) {
            this.guard(attempt, 'BatchWriteItem');
            const result = await this.client.send(
              new BatchWriteCommand({ RequestItems: { [table]: pending } }),
            );
            pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
            if (pending.length) await sleep(25 * 2 ** attempt);
          }
        }),
      ),
    );
  }

  private guard(attempt: number, operation: string): void {
    if (attempt >= (this.options.maxAttempts ?? 8)) {
      throw new Error(
        `${operation} on ${this.options.tableName} left unprocessed items after ${attempt} attempts`,
      );
    }
  }
}
