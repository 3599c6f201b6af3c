/**
 * QueryEngine on Athena over the Glue tables. Tenant isolation, in two layers: each of the
 * tenant's datasets is injected as a CTE of its own name that filters the shared Glue table on
 * the tenant partition, so the tenant's SQL (already checked by the SQL guard) resolves its
 * table names to its own rows only; and every call runs on the tenant's own Athena client,
 * whose credentials (STS session policy) reach only the tenant's lake and results prefixes.
 * The execution id carries the tenant, so status and result calls use the same credentials.
 */
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { definedProps } from '../../domain/defined-props';
import { ValidationError } from '../../domain/errors';
import { isSharedTable, lakeTableName } from '../../domain/lake/lake-tables';
import { InvalidPageTokenError } from '../../domain/query/run-query';
import { tokenize } from '../../domain/query/sql-guard';
import type {
  QueryEngine,
  QueryExecution,
  QueryPage,
  QueryStatus,
  TenantTables,
} from '../../ports/query-engine';
import { tenantResultsPrefix } from './tenant-query-policy';

export interface AthenaQueryEngineOptions {
  readonly workgroup: string;
  /** The Glue database holding the lake tables; the CTEs name it explicitly. */
  readonly database: string;
  /**
   * An empty Glue database used as the query's default: an unqualified table name that is not
   * one of the tenant's datasets resolves there and fails, instead of reaching a lake table.
   * @default `${database}_sandbox`
   */
  readonly sandboxDatabase?: string;
  /** Results go to `s3://<bucket>/athena/tenant=<id>/`, the only place the tenant's credentials write. */
  readonly resultsBucket?: string;
}

/** The Athena client of one tenant: built on its tenant-scoped credentials. */
export interface TenantAthenaClients {
  forTenant(tenantId: string): Promise<AthenaClient>;
}

/** `<tenant id>/<Athena execution id>`: the tenant travels with the execution. */
function splitExecutionId(executionId: string): { tenantId: string; athenaId: string } {
  const at = executionId.indexOf('/');
  if (at <= 0) throw new Error(`not an execution id of this engine: ${executionId}`);
  return { tenantId: executionId.slice(0, at), athenaId: executionId.slice(at + 1) };
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Prefixes the tenant's CTEs, merging with a leading WITH of the query itself. */
export function scopeSql(sql: string, scope: TenantTables, database: string): string {
  const ctes = [...scope.tables.keys()].map((dataset) => {
    const table = `${quoteIdent(database)}.${quoteIdent(lakeTableName(scope.tenantId, dataset))}`;
    // Shared tables hold every tenant's rows; a tenant's own table is located under its prefix.
    const filter = isSharedTable(dataset)
      ? ` WHERE tenant = ${quoteString(scope.tenantId)} AND dataset = ${quoteString(dataset)}`
      : '';
    return `${quoteIdent(dataset)} AS (SELECT * FROM ${table}${filter})`;
  });
  if (ctes.length === 0) return sql;
  // The guard lets comments precede the query, so they are skipped before looking for WITH.
  const leadingWith = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*with\s+(recursive\s+)?/i.exec(sql);
  if (leadingWith) {
    const recursive = leadingWith[1] ? 'RECURSIVE ' : '';
    return `WITH ${recursive}${ctes.join(',\n')},\n${sql.slice(leadingWith[0].length)}`;
  }
  return `WITH ${ctes.join(',\n')}\n${sql}`;
}

export class AthenaQueryEngine implements QueryEngine {
  /**
   * An Athena query is queued and planned before it runs, so it takes some hundreds of ms at
   * best; status checks sooner would be wasted GetQueryExecution calls, which share the
   * account's quota (100 a second by default) with every other caller.
   */
  readonly firstPollMs = 100;

  constructor(
    private readonly clients: TenantAthenaClients,
    private readonly options: AthenaQueryEngineOptions,
  ) {}

  /** The tenant's SQL under its CTEs: the statement the guard checks is the one Athena runs. */
  prepare(sql: string, scope: TenantTables): string {
    // `<database>.<table>` would bypass the tenant's CTEs and read every tenant's rows.
    const database = this.options.database.toLowerCase();
    const tokens = tokenize(sql);
    const qualified = tokens.find(
      (t, i) =>
        (t.kind === 'word' || t.kind === 'quoted') &&
        t.text.toLowerCase() === database &&
        tokens[i + 1]?.text === '.',
    );
    if (qualified) {
      throw new ValidationError('SQL_FORBIDDEN_REFERENCE', 'Tables are referenced by their dataset name', [
        {
          path: 'sql',
          message: `Schema "${qualified.text}" is not accessible (at character ${qualified.at + 1})`,
        },
      ]);
    }
    return scopeSql(sql, scope, this.options.database);
  }

  async start(queryId: string, statement: string, scope: TenantTables): Promise<string> {
    const client = await this.clients.forTenant(scope.tenantId);
    const { resultsBucket } = this.options;
    const result = await client.send(
      new StartQueryExecutionCommand({
        QueryString: statement,
        ResultConfiguration: resultsBucket
          ? { OutputLocation: `s3://${resultsBucket}/${tenantResultsPrefix(scope.tenantId)}` }
          : undefined,
        WorkGroup: this.options.workgroup,
        QueryExecutionContext: {
          Database: this.options.sandboxDatabase ?? `${this.options.database}_sandbox`,
        },
        // Our query id as the idempotency token: a retried start does not run the query twice.
        ClientRequestToken: queryId,
      }),
    );
    if (!result.QueryExecutionId) throw new Error('Athena returned no QueryExecutionId');
    return `${scope.tenantId}/${result.QueryExecutionId}`;
  }

  async status(executionId: string): Promise<QueryExecution> {
    const { tenantId, athenaId } = splitExecutionId(executionId);
    const client = await this.clients.forTenant(tenantId);
    const result = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: athenaId }));
    const status = (result.QueryExecution?.Status?.State ?? 'QUEUED') as QueryStatus;
    const reason = result.QueryExecution?.Status?.StateChangeReason;
    return definedProps({
      status,
      error:
        status === 'FAILED' ? { code: 'QUERY_FAILED', message: reason ?? 'The query failed' } : undefined,
    });
  }

  async results(executionId: string, nextToken: string | undefined, maxRows: number): Promise<QueryPage> {
    const { tenantId, athenaId } = splitExecutionId(executionId);
    const client = await this.clients.forTenant(tenantId);
    try {
      // The first page starts with a header row, so one more row is asked for and dropped.
      const first = nextToken === undefined;
      const result = await client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: athenaId,
          MaxResults: first ? Math.min(maxRows + 1, 1000) : maxRows,
          NextToken: nextToken,
        }),
      );
      const columns = (result.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({
        name: c.Name ?? '',
        type: c.Type ?? 'varchar',
      }));
      const rows = (result.ResultSet?.Rows ?? [])
        .slice(first ? 1 : 0)
        .map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
      return definedProps({ columns, rows, nextToken: result.NextToken || undefined });
    } catch (error) {
      if (error instanceof InvalidRequestException && /token/i.test(error.message))
        throw new InvalidPageTokenError();
      throw error;
    }
  }
}
