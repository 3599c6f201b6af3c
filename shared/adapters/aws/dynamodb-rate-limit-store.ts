/**
 * RateLimitStore on DynamoDB: one item per tenant holding its bucket's theoretical arrival time
 * (`rate#<tenant>`), one per tenant and UTC day holding its event count (`events#<tenant>#<day>`).
 *
 * DynamoDB cannot take a maximum in an update, so the GCRA step `TAT = max(TAT, now) + interval`
 * is two disjoint conditional UpdateItems: "restart" when the bucket is full (TAT before now) and
 * "advance" when it is not (TAT within the tolerance ahead of now). The store remembers the last
 * TAT it saw per tenant and sends the one the hint predicts, so a request usually costs one write.
 * TAT never decreases, so the hint is a lower bound: when even the hint is too far ahead, the
 * request is refused from memory and a flooding tenant stops costing writes at all.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gcraStep } from '../../domain/tenancy/rate-limits';
import type { RateLimitStore, RequestBucket, TakeResult } from '../../ports/rate-limit-store';

export interface DynamoRateLimitStoreOptions {
  readonly tableName: string;
  /** Tenants whose last TAT is remembered (least recently seen forgotten first). @default 10000 */
  readonly maxHints?: number;
}

/** The table's TTL attribute (epoch seconds), as on the other tables. */
const expiryAttribute = 'expiresAt';
const day = 86_400;

export class DynamoRateLimitStore implements RateLimitStore {
  /** Last TAT seen per tenant: a lower bound of the stored one. */
  private readonly hints = new Map<string, number>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: DynamoRateLimitStoreOptions,
  ) {}

  async takeRequest(tenantId: string, bucket: RequestBucket, nowMs: number): Promise<TakeResult> {
    const hint = this.hints.get(tenantId);
    if (hint !== undefined) {
      const fromMemory = gcraStep(hint, bucket, nowMs);
      if (!fromMemory.allowed) return fromMemory;
    }
    const busy = hint !== undefined && hint >= nowMs;
    const attempts = busy ? [this.advance, this.restart] : [this.restart, this.advance];
    for (const attempt of attempts) {
      const tat = await attempt.call(this, tenantId, bucket, nowMs);
      if (tat !== undefined) {
        this.remember(tenantId, tat);
        return { allowed: true };
      }
    }
    // Both refused: TAT is beyond the tolerance. Read it once to say exactly when to retry.
    const stored = await this.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: rateKey(tenantId) },
        ConsistentRead: true,
      }),
    );
    const tat = Number(stored.Item?.['tat'] ?? nowMs + bucket.toleranceMs + bucket.intervalMs);
    this.remember(tenantId, tat);
    const step = gcraStep(tat, bucket, nowMs);
    return step.allowed ? { allowed: false, retryAfterMs: bucket.intervalMs } : step;
  }

  async addDailyEvents(tenantId: string, dayKey: string, count: number, limit: number): Promise<boolean> {
    if (count > limit) return false;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { pk: `events#${tenantId}#${dayKey}` },
          UpdateExpression: 'ADD events :count SET #exp = :exp',
          ConditionExpression: 'attribute_not_exists(events) OR events <= :room',
          ExpressionAttributeNames: { '#exp': expiryAttribute },
          ExpressionAttributeValues: {
            ':count': count,
            ':room': limit - count,
            ':exp': Math.floor(Date.parse(`${dayKey}T00:00:00Z`) / 1000) + 2 * day,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The full-bucket case: TAT absent or before now, so the request starts a new run. */
  private async restart(tenantId: string, bucket: RequestBucket, nowMs: number): Promise<number | undefined> {
    const tat = nowMs + bucket.intervalMs;
    const done = await this.conditionally({
      UpdateExpression: 'SET tat = :tat, #exp = :exp',
      ConditionExpression: 'attribute_not_exists(tat) OR tat < :now',
      ExpressionAttributeValues: { ':tat': tat, ':now': nowMs, ':exp': expiry(tat) },
      tenantId,
    });
    return done ? tat : undefined;
  }

  /** The partly drained case: TAT between now and now + tolerance moves one interval on. */
  private async advance(tenantId: string, bucket: RequestBucket, nowMs: number): Promise<number | undefined> {
    const done = await this.conditionally({
      UpdateExpression: 'SET tat = tat + :interval, #exp = :exp',
      ConditionExpression: 'tat BETWEEN :now AND :latest',
      ExpressionAttributeValues: {
        ':interval': bucket.intervalMs,
        ':now': nowMs,
        ':latest': nowMs + bucket.toleranceMs,
        ':exp': expiry(nowMs + bucket.toleranceMs + bucket.intervalMs),
      },
      tenantId,
    });
    return done === false ? undefined : Number(done['tat']);
  }

  /** One conditional UpdateItem on the tenant's bucket: its new attributes, or false when the condition failed. */
  private async conditionally(update: {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeValues: Record<string, number>;
    tenantId: string;
  }): Promise<Record<string, unknown> | false> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { pk: rateKey(update.tenantId) },
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: update.ConditionExpression,
          ExpressionAttributeNames: { '#exp': expiryAttribute },
          ExpressionAttributeValues: update.ExpressionAttributeValues,
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return result.Attributes ?? {};
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private remember(tenantId: string, tat: number): void {
    this.hints.delete(tenantId);
    this.hints.set(tenantId, tat);
    if (this.hints.size > (this.options.maxHints ?? 10_000)) {
      const oldest = this.hints.keys().next().value;
      if (oldest !== undefined) this.hints.delete(oldest);
    }
  }
}

function rateKey(tenantId: string): string {
  return `rate#${tenantId}`;
}

/** A bucket item outlives its TAT by a day, so idle tenants' items are swept by TTL. */
function expiry(tatMs: number): number {
  return Math.ceil(tatMs / 1000) + day;
}
