/**
 * The SQL the Platform stack runs as the cluster's admin (over the Data API, once per change) in
 * stages without RDS Proxy, kept free of CDK so a test runs it on Postgres 17 as Aurora would.
 *
 * - The IAM login (`rds_iam`) functions or the migrations connect as: owns what the migrations
 *   create, holds no admin privileges (no role membership, no rds_superuser).
 * - Data API stages: the application's login, a password role (the Data API signs in with a
 *   secret, not IAM) created without a password. The migrations grant it the tables and set its
 *   password from its secret (shared/adapters/postgres/app-login.ts); for that the IAM login gets
 *   CREATEROLE and ADMIN on this one role, which since Postgres 16 lets it alter only roles it
 *   holds ADMIN on (this one), without inheriting or assuming it. Other stages take CREATEROLE
 *   back and clear a former application login's password.
 */
export interface DatabaseLogins {
  readonly database: string;
  readonly iamUser: string;
  /** The application's Data API login. */
  readonly appUser: string;
  /** Whether the stage reaches the database over the Data API (and so signs in as `appUser`). */
  readonly dataApi: boolean;
  /** Leave the `rds_iam` grant out (a test's Postgres has no such role). */
  readonly withoutRdsIam?: boolean;
}

const roleName = /^[a-z_][a-z0-9_]*$/;

export function databaseLoginsSql(logins: DatabaseLogins): string {
  const { database, iamUser, appUser } = logins;
  for (const name of [database, iamUser, appUser])
    if (!roleName.test(name)) throw new Error(`not a plain identifier: ${name}`);
  const exists = (role: string) => `EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}')`;
  return [
    'DO $$ BEGIN',
    `IF NOT ${exists(iamUser)} THEN CREATE ROLE ${iamUser} LOGIN; END IF;`,
    logins.withoutRdsIam ? '' : `GRANT rds_iam TO ${iamUser};`,
    `GRANT ALL ON DATABASE ${database} TO ${iamUser};`,
    `GRANT ALL ON SCHEMA public TO ${iamUser};`,
    ...(logins.dataApi
      ? [
          `IF NOT ${exists(appUser)} THEN CREATE ROLE ${appUser} LOGIN; END IF;`,
          `GRANT ${appUser} TO ${iamUser} WITH ADMIN TRUE, INHERIT FALSE, SET FALSE;`,
          `ALTER ROLE ${iamUser} CREATEROLE;`,
        ]
      : [
          `ALTER ROLE ${iamUser} NOCREATEROLE;`,
          // A stage that left the Data API: its application login can no longer sign in.
          `IF ${exists(appUser)} THEN ALTER ROLE ${appUser} PASSWORD NULL; END IF;`,
        ]),
    'END $$;',
  ]
    .filter((line) => line !== '')
    .join(' ');
}
