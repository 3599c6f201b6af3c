/**
 * The Data API stand-in's open transactions, each on its own Postgres connection, expiring as
 * the service's do (BeginTransaction, RDS Data API Reference): "A transaction times out if no
 * calls use its transaction ID in three minutes", "A transaction can run for a maximum of 24
 * hours"; either way it is rolled back, and its id is then not found. Expired transactions are
 * rolled back when any call reaches the stand-in and on a timer, so their locks go even if no
 * one uses their id again.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

export const transactionTimeouts = { idleMs: 3 * 60_000, maxMs: 24 * 3_600_000 } as const;

export interface DataApiTransactionOptions {
  /** @default transactionTimeouts.idleMs */
  readonly idleMs?: number;
  /** @default transactionTimeouts.maxMs */
  readonly maxMs?: number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
  /** How often expired transactions are looked for between calls. @default 10_000 */
  readonly sweepEveryMs?: number;
}

interface OpenTransaction {
  readonly client: pg.PoolClient;
  readonly begunAt: number;
  lastUsedAt: number;
}

export class DataApiTransactions {
  private readonly open = new Map<string, OpenTransaction>();
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    options: DataApiTransactionOptions = {},
  ) {
    this.idleMs = options.idleMs ?? transactionTimeouts.idleMs;
    this.maxMs = options.maxMs ?? transactionTimeouts.maxMs;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => void this.expire(), options.sweepEveryMs ?? 10_000);
    // The sweep never keeps the process up.
    this.timer.unref();
  }

  get size(): number {
    return this.open.size;
  }

  async begin(): Promise<string> {
    const client = await this.pool.connect();
    await client.query('BEGIN');
    const id = randomBytes(96).toString('base64');
    const at = this.now();
    this.open.set(id, { client, begunAt: at, lastUsedAt: at });
    return id;
  }

  /** The connection of a live transaction, its idle time restarted; undefined when unknown or expired. */
  async use(id: unknown): Promise<pg.PoolClient | undefined> {
    await this.expire();
    const open = typeof id === 'string' ? this.open.get(id) : undefined;
    if (!open) return undefined;
    open.lastUsedAt = this.now();
    return open.client;
  }

  /** Commits or rolls back a live transaction; false when it is unknown or expired. */
  async end(id: unknown, commit: boolean): Promise<boolean> {
    const client = await this.use(id);
    if (!client) return false;
    this.open.delete(String(id));
    try {
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
    } finally {
      client.release();
    }
    return true;
  }

  /** Rolls back every transaction idle too long or open too long. */
  async expire(): Promise<void> {
    const now = this.now();
    const expired = [...this.open].filter(
      ([, t]) => now - t.lastUsedAt >= this.idleMs || now - t.begunAt >= this.maxMs,
    );
    for (const [id] of expired) this.open.delete(id);
    await Promise.all(
      expired.map(async ([, t]) => {
        try {
          await t.client.query('ROLLBACK');
          t.client.release();
        } catch {
          // A connection that cannot roll back is not given back to the pool.
          t.client.release(true);
        }
      }),
    );
  }

  /** Drops every open transaction's connection (their work is rolled back by Postgres). */
  close(): void {
    clearInterval(this.timer);
    for (const t of this.open.values()) t.client.release(true);
    this.open.clear();
  }
}
