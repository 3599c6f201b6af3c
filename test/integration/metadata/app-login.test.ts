/**
 * The Data API's application login (shared/adapters/postgres/app-login.ts) on the embedded
 * Postgres 17 (scram-sha-256 auth): the password set through a client-side SCRAM verifier signs
 * in, the repositories run through the Data API stand-in signed in as that login, and it can
 * neither change the schema nor read the migrations' bookkeeping. Then the whole path as in AWS:
 * a non-superuser admin runs the Platform stack's SQL, the IAM login runs the migrations and
 * provisions the application's login, which signs in with its secret's password only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseLoginsSql } from '../../../infra/config/database-logins';
import { provisionAppLogin, scramVerifier } from '../../../shared/adapters/postgres/app-login';
import { runMigrations } from '../../../shared/adapters/postgres/migrations';
import { PostgresLakeCellStore } from '../../../shared/adapters/postgres/postgres-lake-cell-store';
import { PostgresMetricCatalog } from '../../../shared/adapters/postgres/postgres-metric-catalog';
import { PostgresTenantDirectory } from '../../../shared/adapters/postgres/postgres-tenant-directory';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { type DataApiStack, startDataApi } from '../../support/data-api';

const user = `nexus_app_${randomBytes(4).toString('hex')}`;
const password = randomBytes(24).toString('base64url');
let stack: ContractStack;
let asApp: DataApiStack;
let ownerUrl: string;

const urlAs = (name: string, secret: string) => {
  const url = new URL(ownerUrl);
  url.username = name;
  url.password = secret;
  return url.toString();
};

async function signIn(secret: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urlAs(user, secret) });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

beforeAll(async () => {
  stack = await startContractStack(['postgres']);
  ownerUrl = stack.env['DATABASE_URL'] ?? '';
  await stack.runtime.pool.query(`CREATE ROLE ${user} LOGIN`);
  await provisionAppLogin(stack.runtime.pool, user, password);
  asApp = await startDataApi(urlAs(user, password));
}, 120_000);

afterAll(async () => {
  await asApp?.stop();
  await stack?.stop();
});

describe('the Data API application login', () => {
  it('computes the verifier Postgres computes for the same password and salt', async () => {
    const probe = `scram_probe_${randomBytes(4).toString('hex')}`;
    await stack.runtime.pool.query(`CREATE ROLE ${probe} LOGIN PASSWORD 'correct horse battery'`);
    const { rows } = await stack.runtime.pool.query<{ rolpassword: string }>(
      'SELECT rolpassword FROM pg_authid WHERE rolname = $1',
      [probe],
    );
    const stored = rows[0]?.rolpassword ?? '';
    const [, params = ''] = stored.split('$');
    const [iterations = '0', salt = ''] = params.split(':');

    expect(scramVerifier('correct horse battery', Buffer.from(salt, 'base64'), Number(iterations))).toBe(
      stored,
    );
    expect(scramVerifier('correct horse batterY', Buffer.from(salt, 'base64'), Number(iterations))).not.toBe(
      stored,
    );
  });

  it('signs in with the secret’s password only, and a new password replaces the old', async () => {
    const client = await signIn(password);
    await client.end();
    await expect(signIn('not-the-password')).rejects.toThrow(/password authentication failed/);

    const next = randomBytes(24).toString('base64url');
    await provisionAppLogin(stack.runtime.pool, user, next);
    await expect(signIn(password)).rejects.toThrow(/password authentication failed/);
    await (await signIn(next)).end();
    await provisionAppLogin(stack.runtime.pool, user, password);
  });

  it('runs the repositories through the Data API as the login', async () => {
    const directory = new PostgresTenantDirectory(asApp.pool);
    const { tenantId } = await directory.createTenant('least privilege');
    const metricId = randomUUID();
    const { metric } = await new PostgresMetricCatalog(asApp.pool).define(tenantId, metricId, 'signups', {
      dataset: 'events',
      aggregation: 'count',
      filter: [],
      dimensions: [],
      timeField: 'timestamp',
    });
    const store = new PostgresLakeCellStore(asApp.pool);
    const ref = { tenantId, metricId, version: metric.version, dataset: 'events' };
    const H = 1_764_230_400;
    const hour = {
      hour: H,
      completeUntil: H + 3600,
      cells: [{ minute: H, dims: [], cell: { count: 2, sum: 2, min: 1, max: 1 } }],
    };
    await store.write(ref, [hour], (await store.read(ref, H, H + 3600)).asOf);
    await store.markLate(tenantId, 'events', [H]);

    const { hours } = await new PostgresLakeCellStore(asApp.pool).read(ref, H, H + 3600);

    expect(hours).toEqual([{ ...hour, stale: true }]);
    const key = await directory.createApiKey(tenantId, 'ci', ['ingest']);
    expect(await directory.revokeApiKey(tenantId, key.keyId)).toBe(true);
  });

  it('cannot change the schema or read the migrations’ bookkeeping', async () => {
    const client = await signIn(password);
    try {
      await expect(client.query('CREATE TABLE app_owned (id int)')).rejects.toThrow(/permission denied/);
      await expect(client.query('DROP TABLE tenants')).rejects.toThrow(/must be owner/);
      await expect(client.query('ALTER TABLE tenants ADD COLUMN x int')).rejects.toThrow(/must be owner/);
      await expect(client.query('TRUNCATE tenants CASCADE')).rejects.toThrow(/permission denied/);
      await expect(client.query('SELECT * FROM pgmigrations')).rejects.toThrow(/permission denied/);
      await expect(client.query(`CREATE ROLE ${user}_x`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});

describe('the logins the Platform stack creates, on a database its admin owns (as on Aurora)', () => {
  const suffix = randomBytes(4).toString('hex');
  const roles = { admin: `admin_${suffix}`, iam: `iam_${suffix}`, app: `app_${suffix}` };
  const database = `logins_${suffix}`;
  const secrets = {
    admin: randomBytes(18).toString('base64url'),
    iam: randomBytes(18).toString('base64url'),
  };
  const appPassword = randomBytes(24).toString('base64url');

  async function as(role: string, secret: string): Promise<pg.Client> {
    const url = new URL(urlAs(role, secret));
    url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }
  async function run(role: string, secret: string, sql: string): Promise<void> {
    const client = await as(role, secret);
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
  const logins = (dataApi: boolean) =>
    databaseLoginsSql({ database, iamUser: roles.iam, appUser: roles.app, dataApi, withoutRdsIam: true });

  it('lets the migrations grant the application its rows and set its password, and nothing more', async () => {
    const root = stack.runtime.pool;
    // Aurora's master: CREATEROLE, not a superuser, owner of the database.
    await root.query(`CREATE ROLE ${roles.admin} LOGIN CREATEROLE PASSWORD '${secrets.admin}'`);
    await root.query(`CREATE DATABASE ${database} OWNER ${roles.admin}`);
    await run(roles.admin, secrets.admin, logins(true));
    // IAM auth stands in for a password here.
    await run(roles.admin, secrets.admin, `ALTER ROLE ${roles.iam} PASSWORD '${secrets.iam}'`);
    const iamUrl = new URL(urlAs(roles.iam, secrets.iam));
    iamUrl.pathname = `/${database}`;

    const applied = await runMigrations(iamUrl.toString(), async () => ({
      user: roles.app,
      password: appPassword,
    }));
    const app = await as(roles.app, appPassword);
    try {
      await app.query("INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 'least privilege')");
      expect((await app.query('SELECT count(*)::int AS n FROM tenants')).rows).toEqual([{ n: 1 }]);
      await expect(app.query('CREATE TABLE app_owned (id int)')).rejects.toThrow(/permission denied/);
      await expect(app.query('DROP TABLE tenants')).rejects.toThrow(/must be owner/);
      await expect(app.query('SELECT * FROM pgmigrations')).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    // The IAM login may alter the application's login only: not the admin, not a new superuser.
    await expect(run(roles.iam, secrets.iam, `ALTER ROLE ${roles.admin} PASSWORD 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(run(roles.iam, secrets.iam, `CREATE ROLE su_${suffix} SUPERUSER`)).rejects.toThrow(
      /permission denied/,
    );
    // Nor read what the application's login may read through it (no INHERIT, no SET).
    await expect(run(roles.iam, secrets.iam, `SET ROLE ${roles.app}`)).rejects.toThrow(/permission denied/);
    expect(applied.length).toBeGreaterThan(0);

    // Back to connections: the application's login can no longer sign in, nor the IAM login create roles.
    await run(roles.admin, secrets.admin, logins(false));
    await expect(as(roles.app, appPassword)).rejects.toThrow(/password authentication failed/);
    await expect(run(roles.iam, secrets.iam, `CREATE ROLE other_${suffix}`)).rejects.toThrow(
      /permission denied/,
    );
  }, 120_000);
});
