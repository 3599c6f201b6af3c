/**
 * Port for the lake writer's exactly-once bookkeeping: which event ids live in which curated
 * file. See shared/domain/lake/write-curated.ts for the protocol. One tenant's records share a
 * Kinesis partition key, hence one shard and one writer at a time, so claims need no locking.
 */
export interface EventClaim {
  readonly key: string;
  readonly fileKey: string;
  readonly committed: boolean;
}

export interface IdempotencyStore {
  /** Existing claims for the given keys (unclaimed keys are absent from the result). */
  getClaims(keys: readonly string[]): Promise<Map<string, EventClaim>>;
  /** Writes claims: pending ones before a file is written, committed ones once it is durable. */
  putClaims(claims: readonly EventClaim[]): Promise<void>;
}
