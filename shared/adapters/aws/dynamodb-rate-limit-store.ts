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
 *
 * A tenant with a large burst (at least 2 * `leaseDivisor` requests) is served from a lease: a
 * few tokens taken ahead from the shared bucket in one write, sized to what this container used
 * lately (at most a 1/`leaseDivisor` of the burst and `leaseMs` worth of its rate), spent from
 * memory and topped up in the background once half is gone, so a caller's requests wait for no
 * write. Every request admitted spent a token the bucket gave up, so the containers together
 * never admit more than the bucket gave out; tokens of a lease left unused for `leaseLifeMs`
 * are dropped, which can only admit less. Small buckets keep one write per request.
 *
 * Why leased tokens may wait longer than `leaseMs`: a token spent later than it was taken can
 * let a window see more than the burst plus its refill, by at most the tokens the leases held
 * when the window opened. A lease holds at most `leaseMs` of the rate (and half a lease more
 * while topping up), so the bucket refills what it took within `leaseMs`: that worst case is
 * reached by tokens one `leaseMs` old, and tokens a minute old cannot exceed it (the lease is
 * no bigger). How long they stay spendable only decides whether a caller slower than one request
 * per `leaseMs` (a dashboard every few seconds) finds a leased token or waits for a write on
 * every request. A lease of changed limits is dropped at once, and revocation is not the
 * store's concern (the authorizer reads the key on every request).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gcraStep } from '../../domain/tenancy/rate-limits';
import type { RateLimitStore, RequestBucket, TakeResult } from '../../ports/rate-limit-store';

export interface DynamoRateLimitStoreOptions {
  readonly tableName: string;
  /** Tenants whose last TAT is remembered (least recently seen forgotten first). @default 10000 */
  readonly maxHints?: number;
  /** A lease holds at most this long's worth of the bucket's rate. @default 1000 */
  readonly leaseMs?: number;
  /** How long leased tokens may be spent after they were taken (see the module's comment). @default 60000 */
  readonly leaseLifeMs?: number;
}

/** A lease holds at most a 1/leaseDivisor of the burst; buckets too small for two tokens take none. */
export const leaseDivisor = 8;

/** Tokens taken ahead for one tenant's bucket, spent from memory. */
interface Lease {
  readonly intervalMs: number;
  readonly toleranceMs: number;
  left: number;
  expiresAt: number;
  /** Requests served from the lease since it was last topped up, and when that was. */
  served: number;
  since: number;
  topUp?: Promise<void> | undefined;
}

/** The table's TTL attribute (epoch seconds), as on the other tables. */
const expiryAttribute = 'expiresAt';
const day = 86_400;

export class DynamoRateLimitStore implements RateLimitStore {
  /** Last TAT seen per tenant: a lower bound of the stored one. */
  private readonly hints = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: DynamoRateLimitStoreOptions,
  ) {}

  async takeRequest(tenantId: string, bucket: RequestBucket, nowMs: number): Promise<TakeResult> {
    if (maxLease(bucket, this.leaseMs) < 2) return this.takeOne(tenantId, bucket, nowMs);
    let lease = this.leases.get(tenantId);
    const usable =
      lease?.intervalMs === bucket.intervalMs &&
      lease.toleranceMs === bucket.toleranceMs &&
      lease.expiresAt > nowMs;
    if (!lease || !usable) {
      // No lease, an expired one or one of changed limits: its tokens are dropped.
      lease = { ...bucket, left: 0, expiresAt: nowMs + this.leaseLifeMs, served: 0, since: nowMs };
      this.leases.set(tenantId, lease);
      this.forgetOldest(this.leases);
    }
    lease.served++;
    const current = lease;
    let result: TakeResult = { allowed: true };
    if (current.left > 0) current.left--;
    else result = await this.takeOne(tenantId, bucket, nowMs);
    if (result.allowed && !current.topUp && current.left * 2 <= this.leaseSize(current, nowMs)) {
      current.topUp = this.topUp(tenantId, current, nowMs).finally(() => {
        current.topUp = undefined;
      });
    }
    return result;
  }

  /** Waits for the leases being topped up (tests, and a container shutting down). */
  async settled(): Promise<void> {
    await Promise.all([...this.leases.values()].map((lease) => lease.topUp));
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 1000;
  }

  private get leaseLifeMs(): number {
    return this.options.leaseLifeMs ?? 60_000;
  }

  /** Tokens for the next `leaseMs`: twice the rate served since the last top-up, within the bounds. */
  private leaseSize(lease: Lease, nowMs: number): number {
    const rate = lease.served / Math.max(nowMs - lease.since, this.leaseMs / 4);
    return Math.max(2, Math.min(maxLease(lease, this.leaseMs), Math.ceil(2 * rate * this.leaseMs)));
  }

  /** Takes a lease's worth of tokens in one write, if the bucket has them; a failure only leaves the lease short. */
  private async topUp(tenantId: string, lease: Lease, nowMs: number): Promise<void> {
    const size = this.leaseSize(lease, nowMs);
    try {
      if (await this.takeTokens(tenantId, lease, size, nowMs)) {
        lease.left += size;
        lease.expiresAt = nowMs + this.leaseLifeMs;
        lease.served = 0;
        lease.since = nowMs;
      }
    } catch {
      // The next request without a leased token takes its own, and reports a failing store.
    }
  }

  /** `count` tokens at once, or none (the hint, when it rules that out, saves the write). */
  private async takeTokens(tenantId: string, bucket: RequestBucket, count: number, nowMs: number) {
    const hint = this.hints.get(tenantId);
    const narrowed = { ...bucket, toleranceMs: bucket.toleranceMs - (count - 1) * bucket.intervalMs };
    if (hint !== undefined && !gcraStep(hint, narrowed, nowMs).allowed) return false;
    const busy = hint !== undefined && hint >= nowMs;
    const attempts = busy ? [this.advance, this.restart] : [this.restart, this.advance];
    for (const attempt of attempts) {
      const tat = await attempt.call(this, tenantId, bucket, nowMs, count);
      if (tat !== undefined) {
        this.remember(tenantId, tat);
        return true;
      }
    }
    return false;
  }

  /** One token, with the exact retry delay when there is none. */
  private async takeOne(tenantId: string, bucket: RequestBucket, nowMs: number): Promise<TakeResult> {
    const hint = this.hints.get(tenantId);
    if (hint !== undefined) {
      const fromMemory = gcraStep(hint, bucket, nowMs);
      if (!fromMemory.allowed) return fromMemory;
    }
    if (await this.takeTokens(tenantId, bucket, 1, nowMs)) return { allowed: true };
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
  private async restart(
    tenantId: string,
    bucket: RequestBucket,
    nowMs: number,
    count = 1,
  ): Promise<number | undefined> {
    const tat = nowMs + count * bucket.intervalMs;
    const done = await this.conditionally({
      UpdateExpression: 'SET tat = :tat, #exp = :exp',
      ConditionExpression: 'attribute_not_exists(tat) OR tat < :now',
      ExpressionAttributeValues: { ':tat': tat, ':now': nowMs, ':exp': expiry(tat) },
      tenantId,
    });
    return done ? tat : undefined;
  }

  /** The partly drained case: TAT between now and now + tolerance moves one interval on. */
  private async advance(
    tenantId: string,
    bucket: RequestBucket,
    nowMs: number,
    count = 1,
  ): Promise<number | undefined> {
    const done = await this.conditionally({
      UpdateExpression: 'SET tat = tat + :interval, #exp = :exp',
      ConditionExpression: 'tat BETWEEN :now AND :latest',
      ExpressionAttributeValues: {
        ':interval': count * bucket.intervalMs,
        ':now': nowMs,
        ':latest': nowMs + bucket.toleranceMs - (count - 1) * bucket.intervalMs,
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
    this.forgetOldest(this.hints);
  }

  private forgetOldest(map: Map<string, unknown>): void {
    if (map.size <= (this.options.maxHints ?? 10_000)) return;
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

/** The most tokens one lease may hold for a bucket: a share of its burst, and no more than `leaseMs` of its rate. */
function maxLease(bucket: RequestBucket, leaseMs: number): number {
  const burst = Math.round(bucket.toleranceMs / bucket.intervalMs) + 1;
  return Math.min(Math.floor(burst / leaseDivisor), Math.floor(leaseMs / bucket.intervalMs));
}

function rateKey(tenantId: string): string {
  return `rate#${tenantId}`;
}

/** A bucket item outlives its TAT by a day, so idle tenants' items are swept by TTL. */
function expiry(tatMs: number): number {
  return Math.ceil(tatMs / 1000) + day;
}
