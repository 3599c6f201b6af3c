/** What the migrate-database function runs with: the migrations and how to reach Postgres. */
import * as z from 'zod';
import { runMigrations } from '../../adapters/postgres/migrations';
import { required } from '../config';
import { connectionConfig } from '../database';
import { createLogger } from '../http-handler';
import { type Runtime, runtime } from '../runtime';
import { secretReader } from '../secret-store';

/** A database secret as Secrets Manager generates it (and its rotation keeps it). */
const databaseSecret = z.object({ username: z.string().min(1), password: z.string().min(1) });

export function migrateDatabaseDeps(rt: Runtime = runtime()) {
  const connection = connectionConfig(rt.config);
  const secretArn = rt.config.dbAppSecretArn;
  // Data API stages: the application's login, granted and given its secret's password.
  const appLogin = secretArn
    ? async () => {
        const secret = databaseSecret.parse(JSON.parse(await secretReader(rt).currentValue(secretArn)));
        const user = required(rt.config, 'dbAppUser');
        if (secret.username !== user) throw new Error(`the app secret names ${secret.username}, not ${user}`);
        return { user, password: secret.password };
      }
    : undefined;
  return { migrate: () => runMigrations(connection, appLogin), logger: createLogger('migrate-database') };
}
