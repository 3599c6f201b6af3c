import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaQueryEngine, scopeSql } from '../../../../shared/adapters/aws/athena-query-engine';
import { InvalidPageTokenError } from '../../../../shared/domain/query/run-query';
import type { TenantTables } from '../../../../shared/ports/query-engine';
import { TENANT_A } from '../../../support/events';

const athena = mockClient(AthenaClient);
const scope: TenantTables = {
  tenantId: TENANT_A,
  tables: new Map([
    ['events', [{ name: 'name', type: 'string' }]],
    ['orders', [{ name: 'total', type: 'number' }]],
  ]),
};
// `events` is the shared built-in table, filtered on the tenant; `orders` is the tenant's own table.
const ordersTable = `t_${TENANT_A.replaceAll('-', '')}__orders`;
const ctes =
  `"events" AS (SELECT * FROM "nexus_lake"."events" WHERE tenant = '${TENANT_A}' AND dataset = 'events'),\n` +
  `"orders" AS (SELECT * FROM "nexus_lake"."${ordersTable}")`;

const engine = () =>
  new AthenaQueryEngine(
    { forTenant: async () => new AthenaClient({ region: 'eu-west-1' }) },
    {
      workgroup: 'nexus-tenants',
      database: 'nexus_lake',
    },
  );

describe('scopeSql', () => {
  it("prefixes the tenant's tables as CTEs filtered on its partition", () => {
    expect(scopeSql('SELECT count(*) FROM orders', scope, 'nexus_lake')).toBe(
      `WITH ${ctes}\nSELECT count(*) FROM orders`,
    );
  });

  it('merges with a leading WITH of the query', () => {
    expect(scopeSql('with big AS (SELECT * FROM orders) SELECT * FROM big', scope, 'nexus_lake')).toBe(
      `WITH ${ctes},\nbig AS (SELECT * FROM orders) SELECT * FROM big`,
    );
  });

  it('keeps RECURSIVE in front of the merged list', () => {
    expect(scopeSql('WITH RECURSIVE r(n) AS (SELECT 1) SELECT * FROM r', scope, 'nexus_lake')).toBe(
      `WITH RECURSIVE ${ctes},\nr(n) AS (SELECT 1) SELECT * FROM r`,
    );
  });

  it('finds a leading WITH behind comments', () => {
    expect(scopeSql('-- report\n/* v2 */ WITH a AS (SELECT 1) SELECT * FROM a', scope, 'nexus_lake')).toBe(
      `WITH ${ctes},\na AS (SELECT 1) SELECT * FROM a`,
    );
  });

  it('escapes the tenant id in the shared table filter', () => {
    // Arrange
    const odd: TenantTables = { tenantId: "x' OR '1'='1", tables: new Map([['events', []]]) };

    // Act / Assert
    expect(scopeSql('SELECT 1', odd, 'db')).toBe(
      `WITH "events" AS (SELECT * FROM "db"."events" WHERE tenant = 'x'' OR ''1''=''1' AND dataset = 'events')\nSELECT 1`,
    );
  });

  it('leaves the query alone when the tenant has no tables', () => {
    expect(scopeSql('SELECT 1', { tenantId: TENANT_A, tables: new Map() }, 'db')).toBe('SELECT 1');
  });
});

describe('AthenaQueryEngine', () => {
  beforeEach(() => {
    athena.reset();
  });

  it('starts the scoped query in the workgroup and database, with the query id as request token', async () => {
    // Arrange
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'athena-1' });

    // Act
    const executionId = await engine().start('q-1', engine().prepare('SELECT * FROM orders', scope), scope);

    // Assert
    expect(executionId).toBe(`${TENANT_A}/athena-1`);
    const calls = athena.commandCalls(StartQueryExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      QueryString: `WITH ${ctes}\nSELECT * FROM orders`,
      WorkGroup: 'nexus-tenants',
      QueryExecutionContext: { Database: 'nexus_lake_sandbox' },
      ClientRequestToken: 'q-1',
    });
  });

  it.each(['SELECT * FROM nexus_lake.orders', 'SELECT * FROM events e JOIN "NEXUS_LAKE"."orders" o ON true'])(
    'refuses to start %s, which names the shared Glue table',
    async (sql) => {
      // Act
      const attempt = (async () => engine().prepare(sql, scope))();

      // Assert
      await expect(attempt).rejects.toMatchObject({
        code: 'SQL_FORBIDDEN_REFERENCE',
        details: [{ path: 'sql' }],
      });
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
    },
  );

  it('fails when Athena returns no execution id', async () => {
    // Arrange
    athena.on(StartQueryExecutionCommand).resolves({});

    // Act / Assert
    await expect(engine().start('q-1', 'SELECT 1', scope)).rejects.toThrow('no QueryExecutionId');
  });

  it.each([
    ['QUEUED', undefined, { status: 'QUEUED' }],
    ['RUNNING', undefined, { status: 'RUNNING' }],
    ['SUCCEEDED', undefined, { status: 'SUCCEEDED' }],
    [
      'FAILED',
      'SYNTAX_ERROR: line 1:8',
      { status: 'FAILED', error: { code: 'QUERY_FAILED', message: 'SYNTAX_ERROR: line 1:8' } },
    ],
    ['CANCELLED', 'user', { status: 'CANCELLED' }],
  ] as const)('maps the state %s', async (state, reason, expected) => {
    // Arrange
    athena
      .on(GetQueryExecutionCommand, { QueryExecutionId: 'athena-1' })
      .resolves({ QueryExecution: { Status: { State: state, StateChangeReason: reason } } });

    // Act
    const execution = await engine().status(`${TENANT_A}/athena-1`);

    // Assert
    expect(execution).toEqual(expected);
  });

  it('drops the header row of the first page only, asking for one more row', async () => {
    // Arrange
    const columnInfo = [
      { Name: 'name', Type: 'varchar' },
      { Name: 'n', Type: 'bigint' },
    ];
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'athena-1', MaxResults: 3 })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [
            { Data: [{ VarCharValue: 'name' }, { VarCharValue: 'n' }] },
            { Data: [{ VarCharValue: 'a' }, { VarCharValue: '1' }] },
            { Data: [{ VarCharValue: 'b' }, {}] },
          ],
        },
        NextToken: 'tok-2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'athena-1', NextToken: 'tok-2' })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [{ Data: [{ VarCharValue: 'c' }, { VarCharValue: '3' }] }],
        },
      });

    // Act
    const first = await engine().results(`${TENANT_A}/athena-1`, undefined, 2);
    const second = await engine().results(`${TENANT_A}/athena-1`, 'tok-2', 2);

    // Assert
    expect(first).toEqual({
      columns: [
        { name: 'name', type: 'varchar' },
        { name: 'n', type: 'bigint' },
      ],
      rows: [
        ['a', '1'],
        ['b', null],
      ],
      nextToken: 'tok-2',
    });
    expect(second.rows).toEqual([['c', '3']]);
    expect(second.nextToken).toBeUndefined();
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: 'athena-1', MaxResults: 3 },
      { QueryExecutionId: 'athena-1', MaxResults: 2, NextToken: 'tok-2' },
    ]);
  });

  it('caps the first page request at 1000 rows', async () => {
    // Arrange
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });

    // Act
    await engine().results(`${TENANT_A}/athena-1`, undefined, 1000);

    // Assert
    expect(athena.commandCalls(GetQueryResultsCommand)[0]?.args[0].input.MaxResults).toBe(1000);
  });

  it('turns a rejected page token into InvalidPageTokenError', async () => {
    // Arrange
    athena
      .on(GetQueryResultsCommand)
      .rejects(new InvalidRequestException({ message: 'Invalid NextToken', $metadata: {} }));

    // Act / Assert
    await expect(engine().results(`${TENANT_A}/athena-1`, 'forged', 10)).rejects.toBeInstanceOf(
      InvalidPageTokenError,
    );
  });

  it('passes other errors through', async () => {
    // Arrange
    athena
      .on(GetQueryResultsCommand)
      .rejects(new InvalidRequestException({ message: 'Query has not yet finished', $metadata: {} }));

    // Act / Assert
    await expect(engine().results(`${TENANT_A}/athena-1`, undefined, 10)).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });
});
