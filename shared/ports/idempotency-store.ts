/**
 * Port for the lake writer's exactly-once bookkeeping: which curated file holds each event id.
 * See shared/domain/lake/write-curated.ts for the protocol. One tenant's records share a
 * Kinesis partition key, hence one shard and one writer at a time, so claims need no locking.
 */
export interface EventClaim {
  readonly key: string;
  /** The curated object that holds (or was about to hold) the event. */
  readonly fileKey: string;
}

export interface IdempotencyStore {
  /** Existing claims for the given keys (unclaimed keys are absent from the result). */
  getClaims(keys: readonly string[]): Promise<Map<string, EventClaim>>;
  /** Records the claims, before their file is written. */
  putClaims(claims: readonly EventClaim[]): Promise<void>;
}
