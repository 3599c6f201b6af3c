/**
 * DataApiPool through the real RDSDataClient against the Data API stand-in, beside pg on the same
 * Postgres: the same statements with the same values give the same rows (types included), arrays
 * pass although the Data API takes no array parameters, transactions commit or roll back as one,
 * and the stand-in refuses what the service refuses.
 */
import { randomUUID } from 'node:crypto';
import { ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../shared/adapters/postgres/in-transaction';
import { PostgresAlertStore } from '../../../shared/adapters/postgres/postgres-alert-store';
import { PostgresMetricCatalog } from '../../../shared/adapters/postgres/postgres-metric-catalog';
import { PostgresTenantDirectory } from '../../../shared/adapters/postgres/postgres-tenant-directory';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { type DataApiStack, localDataApiTarget } from '../../support/data-api';

let stack: ContractStack;
let dataApi: DataApiStack;

beforeAll(async () => {
  stack = await startContractStack(['postgres'], { dataApi: true });
  if (!stack.dataApi) throw new Error('the Data API stand-in did not start');
  dataApi = stack.dataApi;
  await stack.runtime.pool.query(
    `CREATE TABLE data_api_types (id uuid PRIMARY KEY, n int4, big int8, num numeric, f float8, b bool,
       at timestamptz, doc jsonb, tags text[], refs uuid[], hours bigint[], note text, raw bytea)`,
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const select =
  'SELECT id, n, big, num, f, b, at, doc, tags, refs, hours, note, raw FROM data_api_types WHERE id = $1';

describe('DataApiPool', () => {
  it('binds values and returns rows exactly as pg does, for every column type the repositories use', async () => {
    const id = randomUUID();
    const values = [
      id,
      42,
      '9007199254740993', // beyond a double's exact integers
      '12345.678901234567890',
      0.1 + 0.2,
      true,
      new Date('2026-12-02T19:00:00.123Z'),
      JSON.stringify({ nested: { a: [1, 'two', null] }, quote: 'say "hi"\\' }),
      ['plain', 'with "quotes", commas', 'back\\slash', ''],
      [randomUUID(), randomUUID()],
      [1_764_230_400, null, 3],
      "it's $1 -- not a placeholder",
      Buffer.from([0, 1, 254, 255]),
    ];

    await dataApi.pool.query(
      `INSERT INTO data_api_types (id, n, big, num, f, b, at, doc, tags, refs, hours, note, raw)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      values,
    );
    const viaPg = await stack.runtime.pool.query(select, [id]);
    const viaDataApi = await dataApi.pool.query(select, [id]);

    expect(viaDataApi.rows).toEqual(viaPg.rows);
    expect(viaDataApi.rowCount).toBe(1);
    expect(viaPg.rows[0]).toMatchObject({ big: '9007199254740993', note: "it's $1 -- not a placeholder" });
    expect(viaDataApi.rows[0]?.['at']).toEqual(new Date('2026-12-02T19:00:00.123Z'));
  });

  it('passes arrays where the repositories use them: = ANY($1) and unnest($1::bigint[])', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries())
      await stack.runtime.pool.query('INSERT INTO data_api_types (id, n) VALUES ($1, $2)', [id, i]);

    const any = await dataApi.pool.query<{ n: number }>(
      'SELECT n FROM data_api_types WHERE id = ANY($1) ORDER BY n',
      [[ids[0], ids[2]]],
    );
    const unnested = await dataApi.pool.query<{ hour: string | null }>(
      'SELECT hour FROM unnest($1::bigint[]) AS hour',
      [[1, null, 2]],
    );

    expect(any.rows.map((r) => r.n)).toEqual([0, 2]);
    expect(unnested.rows.map((r) => r.hour)).toEqual(['1', null, '2']);
  });

  it('counts the rows a statement changed, and the rows a query returned', async () => {
    const id = randomUUID();
    await dataApi.pool.query('INSERT INTO data_api_types (id, n) VALUES ($1, 1)', [id]);

    const updated = await dataApi.pool.query('UPDATE data_api_types SET n = n + 1 WHERE id = $1', [id]);
    const none = await dataApi.pool.query('UPDATE data_api_types SET n = 0 WHERE id = $1', [randomUUID()]);
    const returned = await dataApi.pool.query('DELETE FROM data_api_types WHERE id = $1 RETURNING n', [id]);

    expect([updated.rowCount, none.rowCount, returned.rowCount, returned.rows]).toEqual([
      1,
      0,
      1,
      [{ n: 2 }],
    ]);
  });

  it('rolls a failed transaction back as a whole, and commits a good one', async () => {
    const kept = randomUUID();
    const dropped = randomUUID();

    await inTransaction(dataApi.pool, (client) =>
      client.query('INSERT INTO data_api_types (id, n) VALUES ($1, 1)', [kept]),
    );
    const failed = inTransaction(dataApi.pool, async (client) => {
      await client.query('INSERT INTO data_api_types (id, n) VALUES ($1, 1)', [dropped]);
      await client.query('INSERT INTO data_api_types (id, n) VALUES ($1, 1)', [kept]); // duplicate key
    });

    await expect(failed).rejects.toThrow(/duplicate key/);
    const { rows } = await stack.runtime.pool.query('SELECT id FROM data_api_types WHERE id = ANY($1)', [
      [kept, dropped],
    ]);
    expect(rows.map((r) => r['id'])).toEqual([kept]);
    expect(dataApi.standIn.openTransactions()).toBe(0);
  });

  it('keeps a transaction-local setting (set_config) for the statements of that transaction only', async () => {
    const tenant = randomUUID();
    const inside = await inTransaction(dataApi.pool, async (client) => {
      await client.query("SELECT set_config('nexus.tenant_id', $1, true)", [tenant]);
      return (await client.query<{ t: string }>("SELECT current_setting('nexus.tenant_id', true) AS t")).rows;
    });
    const after = await dataApi.pool.query<{ t: string | null }>(
      "SELECT current_setting('nexus.tenant_id', true) AS t",
    );

    expect(inside).toEqual([{ t: tenant }]);
    expect(after.rows[0]?.t ?? '').toBe('');
  });

  it('runs the alert store: rules with channel arrays, updates and progress in transactions, per tenant', async () => {
    const directory = new PostgresTenantDirectory(dataApi.pool);
    const alerts = new PostgresAlertStore(dataApi.pool);
    const { tenantId } = await directory.createTenant('alerts over the Data API');
    const other = (await directory.createTenant('someone else')).tenantId;
    const metricId = randomUUID();
    await new PostgresMetricCatalog(dataApi.pool).define(tenantId, metricId, 'signups', {
      dataset: 'events',
      aggregation: 'count',
      filter: [],
      dimensions: [],
      timeField: 'timestamp',
    });
    const channels = [randomUUID(), randomUUID()];
    const rule = await alerts.create({
      alertId: randomUUID(),
      tenantId,
      metricId,
      name: 'spike',
      condition: { type: 'threshold', op: 'gt', value: 10 },
      interval: '1h',
      for: 1,
      cooldown: 0,
      severity: 'warning',
      channels,
    });
    const next = {
      state: 'firing' as const,
      streak: 1,
      lastEvaluated: '2026-12-02T19:00:00.000Z',
      lastNotified: null,
    };

    const advanced = await alerts.advance(tenantId, rule.alertId, null, next, [
      {
        alertId: rule.alertId,
        t: next.lastEvaluated,
        state: 'firing',
        value: 12,
        expected: null,
        band: null,
        notified: false,
        at: next.lastEvaluated,
      },
    ]);
    const again = await alerts.advance(tenantId, rule.alertId, null, next, []);
    const renamed = await alerts.update(tenantId, rule.alertId, {
      name: 'renamed',
      channels: [channels[0] ?? ''],
    });

    expect(rule.channels).toEqual(channels);
    expect([advanced, again]).toEqual([true, false]);
    expect(await alerts.progress(tenantId, rule.alertId)).toEqual(next);
    expect((await alerts.events(tenantId, rule.alertId, 10)).map((e) => [e.state, e.value])).toEqual([
      ['firing', 12],
    ]);
    expect(renamed).toMatchObject({ name: 'renamed', channels: [channels[0]] });
    // Another tenant neither sees, changes nor advances the rule.
    expect(await alerts.find(other, rule.alertId)).toBeNull();
    expect(await alerts.update(other, rule.alertId, { name: 'stolen' })).toBeNull();
    expect(await alerts.remove(other, rule.alertId)).toBe(false);
    expect(await alerts.events(other, rule.alertId, 10)).toEqual([]);
  });
});

describe('the Data API stand-in', () => {
  const execute = (input: Partial<ConstructorParameters<typeof ExecuteStatementCommand>[0]>) =>
    dataApi.client.send(new ExecuteStatementCommand({ ...localDataApiTarget, sql: 'SELECT 1', ...input }));

  it('refuses unsigned requests and requests for another cluster or secret', async () => {
    const unsigned = await fetch(`${dataApi.standIn.endpoint}/Execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...localDataApiTarget, sql: 'SELECT 1' }),
    });

    expect(unsigned.status).toBe(403);
    await expect(execute({ resourceArn: `${localDataApiTarget.resourceArn}-other` })).rejects.toThrow(
      /HttpEndpoint is not enabled/,
    );
    await expect(execute({ secretArn: `${localDataApiTarget.secretArn}-other` })).rejects.toThrow(/secret/);
    await expect(execute({ secretArn: '' })).rejects.toThrow(/secretArn is required/);
  });

  it('refuses array parameters, as the service does', async () => {
    await expect(
      execute({
        sql: 'SELECT :ids AS ids',
        parameters: [{ name: 'ids', value: { arrayValue: { stringValues: ['a'] } } }],
      }),
    ).rejects.toMatchObject({ name: 'BadRequestException', message: 'Array parameters are not supported.' });
  });

  it('binds a string as varchar: a uuid column compared with it fails without a cast, as in AWS', async () => {
    const sql = 'SELECT count(*) AS n FROM data_api_types WHERE id = :id';
    const id = { name: 'id', value: { stringValue: randomUUID() } };

    await expect(execute({ sql, parameters: [id] })).rejects.toThrow(/uuid = character varying/);
    await expect(execute({ sql, parameters: [{ ...id, typeHint: 'UUID' }] })).resolves.toMatchObject({
      records: [[{ longValue: 0 }]],
    });
  });

  it('refuses a result over 1 MiB with the service error, and the adapter surfaces it', async () => {
    // Rows under 64 KB each, 1.2 MB in all.
    const sql = "SELECT repeat('x', 60000) AS big FROM generate_series(1, 20)";

    await expect(execute({ sql })).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Database returned more than the allowed response size limit',
    });
    await expect(dataApi.pool.query(sql)).rejects.toThrow(/response size limit/);
  });

  it('refuses a row over 64 KB, in a result under 1 MiB', async () => {
    await expect(execute({ sql: "SELECT repeat('x', 70000) AS big" })).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Database returned a row larger than the allowed size limit',
    });
    await expect(execute({ sql: "SELECT repeat('x', 60000) AS big" })).resolves.toMatchObject({
      records: [[{ stringValue: expect.any(String) }]],
    });
  });

  it('refuses a request over 4 MiB, and takes one just under it', async () => {
    const sql = 'SELECT length(:text) AS n';
    const text = (bytes: number) => [{ name: 'text', value: { stringValue: 'x'.repeat(bytes) } }];

    await expect(execute({ sql, parameters: text(4 * 1024 * 1024 + 1) })).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringMatching(/exceeds the limit of 4194304 bytes/),
    });
    await expect(execute({ sql, parameters: text(4 * 1024 * 1024 - 4096) })).resolves.toMatchObject({
      records: [[{ longValue: 4 * 1024 * 1024 - 4096 }]],
    });
  });

  it('answers an unknown transaction id with TransactionNotFoundException', async () => {
    await expect(execute({ transactionId: 'no-such-transaction' })).rejects.toMatchObject({
      name: 'TransactionNotFoundException',
    });
  });
});
