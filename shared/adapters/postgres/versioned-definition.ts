/**
 * The transaction that versioned definitions (datasets, metrics) share: create the head row or
 * lock it, compare the current version with the new definition, and insert the next version
 * only when it changed. Concurrent definitions of one name queue on the head row's lock, so
 * they get consecutive versions.
 */
import type { SqlClient, SqlPool } from '../../ports/sql-pool';
import { inTransaction } from './in-transaction';

export type Statement = readonly [sql: string, params: readonly unknown[]];

export interface VersionedDefinition<H extends { current_version: number }, T> {
  /** Inserts the head row at version 0 (invisible to readers until commit) unless it exists. */
  readonly createHead: Statement;
  /** Selects the head row FOR UPDATE. */
  readonly lockHead: Statement;
  /** The definition at the head's current version; null before the first. */
  readonly current: (client: SqlClient, head: H) => Promise<T | null>;
  readonly unchanged: (current: T) => boolean;
  /** Moves the head to `version` and inserts that version's row. */
  readonly writeVersion: (client: SqlClient, head: H, version: number) => Promise<void>;
}

/** Defines the next version when the definition changed; returns the current one either way. */
export function defineNextVersion<H extends { current_version: number }, T>(
  pool: SqlPool,
  definition: VersionedDefinition<H, T>,
): Promise<{ value: T; created: boolean; changed: boolean }> {
  return inTransaction(pool, async (client) => {
    await client.query(definition.createHead[0], [...definition.createHead[1]]);
    const locked = await client.query<H>(definition.lockHead[0], [...definition.lockHead[1]]);
    const head = locked.rows[0];
    if (!head) throw new Error('a definition head vanished inside its own transaction');
    const current = await definition.current(client, head);
    if (current && definition.unchanged(current)) return { value: current, created: false, changed: false };
    await definition.writeVersion(client, head, head.current_version + 1);
    const value = await definition.current(client, { ...head, current_version: head.current_version + 1 });
    if (!value) throw new Error('a definition vanished inside its own transaction');
    return { value, created: head.current_version === 0, changed: true };
  });
}
