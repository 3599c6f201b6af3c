/**
 * Port for the lake writer's exactly-once bookkeeping: which event ids already live in which
 * curated file. See shared/domain/lake/write-batch.ts for the protocol.
 */
export interface EventClaim {
  readonly key: string;
  readonly fileKey: string;
  readonly committed: boolean;
}

export interface IdempotencyStore {
  /** Existing claims for the given keys (missing keys are absent from the result). */
  getClaims(keys: readonly string[]): Promise<Map<string, EventClaim>>;
  /**
   * Claims keys for a file: succeeds for a key that is unclaimed or claimed (uncommitted) by
   * `expectedFileKey`. Returns the keys whose claim failed because someone else holds them.
   */
  claim(
    claims: readonly { key: string; fileKey: string; expectedFileKey?: string }[],
  ): Promise<{ lost: readonly string[] }>;
  /** Marks the keys committed: their file is durable in the lake. */
  commit(claims: readonly { key: string; fileKey: string }[]): Promise<void>;
}
