/** What the migrate-database function runs with: the migrations and how to reach Postgres. */
import { runMigrations } from '../../adapters/postgres/migrations';
import { connectionConfig } from '../database';
import { createLogger } from '../http-handler';
import { type Runtime, runtime } from '../runtime';

export function migrateDatabaseDeps(rt: Runtime = runtime()) {
  const connection = connectionConfig(rt.config);
  return { migrate: () => runMigrations(connection), logger: createLogger('migrate-database') };
}
