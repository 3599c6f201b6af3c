/** Lambda entry of the schema migrations run by every deployment. */
import { runMigrations } from '../../../shared/adapters/postgres/migrations';
import { loadConfig } from '../../../shared/runtime/config';
import { connectionConfig } from '../../../shared/runtime/database';
import { createLogger } from '../../../shared/runtime/http-handler';
import { makeMigrateDatabaseHandler } from './migrate-database';

const config = loadConfig();

export const handler = makeMigrateDatabaseHandler({
  migrate: () => runMigrations(connectionConfig(config)),
  logger: createLogger('migrate-database'),
});
