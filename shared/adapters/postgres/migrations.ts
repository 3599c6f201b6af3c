/** Runs Nexus's Postgres schema migrations (node-pg-migrate, plain SQL files beside this module). */
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg, { type ClientConfig } from 'pg';
import { provisionAppLogin } from './app-login';

/**
 * The SQL files beside this module; in a Lambda bundle, `migrations/` beside the bundle (the
 * migrate-database function's topology entry copies them there).
 */
const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies every pending migration and returns their names; safe to call on every start and on
 * every deployment (an advisory lock serialises runners, applied ones are skipped). With an
 * application login (Data API stages), then grants it the tables and sets its password.
 */
export async function runMigrations(
  connection: string | ClientConfig,
  appLogin?: () => Promise<{ readonly user: string; readonly password: string }>,
): Promise<string[]> {
  // Our own client, so its close is awaited (node-pg-migrate does not await its own) and a
  // connection cut by the server afterwards cannot surface as an unhandled error.
  const client = new pg.Client(
    typeof connection === 'string' ? { connectionString: connection } : connection,
  );
  client.on('error', () => {});
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: migrationsDir,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      singleTransaction: true,
      checkOrder: true,
      log: () => {},
    });
    if (appLogin) {
      const { user, password } = await appLogin();
      await provisionAppLogin(client, user, password);
    }
    return applied.map((m) => m.name);
  } finally {
    await client.end();
  }
}
