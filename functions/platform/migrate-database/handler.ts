/** Lambda entry of the schema migrations run by every deployment. */
import { migrateDatabaseDeps } from '../../../shared/runtime/function-deps/migrate-database';
import { makeMigrateDatabaseHandler } from './migrate-database';

export const handler = makeMigrateDatabaseHandler(migrateDatabaseDeps());
