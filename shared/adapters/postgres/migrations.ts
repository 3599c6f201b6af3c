/** Runs Nexus's Postgres schema migrations (node-pg-migrate, plain SQL files beside this module). */
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { ClientConfig } from 'pg';

/**
 * The SQL files beside this module; in a Lambda bundle, `migrations/` beside the bundle (the
 * migrate-database function's topology entry copies them there).
 */
const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies every pending migration and returns their names; safe to call on every start and on
 * every deployment (an advisory lock serialises runners, applied ones are skipped).
 */
export async function runMigrations(connection: string | ClientConfig): Promise<string[]> {
  const applied = await runner({
    databaseUrl: connection,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    singleTransaction: true,
    checkOrder: true,
    log: () => {},
  });
  return applied.map((m) => m.name);
}
