/** In-memory twin of the IdempotencyStore port: claims by key, with every write recorded. */
import type { EventClaim, IdempotencyStore } from '../../../shared/ports/idempotency-store';

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly claims = new Map<string, EventClaim>();
  readonly writes: (readonly EventClaim[])[] = [];

  constructor(initial: readonly EventClaim[] = []) {
    for (const claim of initial) this.claims.set(claim.key, claim);
  }

  async getClaims(keys: readonly string[]): Promise<Map<string, EventClaim>> {
    const found = new Map<string, EventClaim>();
    for (const key of keys) {
      const claim = this.claims.get(key);
      if (claim) found.set(key, claim);
    }
    return found;
  }

  async putClaims(claims: readonly EventClaim[]): Promise<void> {
    this.writes.push(claims);
    for (const claim of claims) this.claims.set(claim.key, claim);
  }
}
