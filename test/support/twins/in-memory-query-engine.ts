/** In-memory twin of the QueryEngine port: scripted statuses and one result set paged by offset. */

import { definedProps } from '../../../shared/domain/defined-props';
import { InvalidPageTokenError } from '../../../shared/domain/query/run-query';
import type {
  QueryColumn,
  QueryEngine,
  QueryExecution,
  QueryPage,
  TenantTables,
} from '../../../shared/ports/query-engine';

export class InMemoryQueryEngine implements QueryEngine {
  readonly started: { queryId: string; sql: string; scope: TenantTables; executionId: string }[] = [];
  readonly executions = new Map<string, QueryExecution>();
  readonly resultCalls: { executionId: string; nextToken: string | undefined; maxRows: number }[] = [];
  columns: readonly QueryColumn[] = [{ name: 'n', type: 'BIGINT' }];
  rows: readonly (readonly unknown[])[] = [];
  /** The status a started query reports until `finish` is called. */
  initialStatus: QueryExecution = { status: 'RUNNING' };
  failStart: Error | undefined;

  /** As DuckDB: the statement is the tenant's SQL as it is. */
  prepare(sql: string): string {
    return sql;
  }

  async start(queryId: string, sql: string, scope: TenantTables): Promise<string> {
    if (this.failStart) throw this.failStart;
    const executionId = `exec-${this.started.length + 1}`;
    this.started.push({ queryId, sql, scope, executionId });
    this.executions.set(executionId, this.initialStatus);
    return executionId;
  }

  finish(executionId: string, execution: QueryExecution = { status: 'SUCCEEDED' }): void {
    this.executions.set(executionId, execution);
  }

  async status(executionId: string): Promise<QueryExecution> {
    const execution = this.executions.get(executionId);
    if (!execution) throw new Error(`unknown execution ${executionId}`);
    return execution;
  }

  async results(executionId: string, nextToken: string | undefined, maxRows: number): Promise<QueryPage> {
    this.resultCalls.push({ executionId, nextToken, maxRows });
    const offset = nextToken === undefined ? 0 : Number(/^offset-(\d+)$/.exec(nextToken)?.[1] ?? Number.NaN);
    if (!Number.isInteger(offset)) throw new InvalidPageTokenError();
    const end = offset + maxRows;
    return {
      columns: this.columns,
      rows: this.rows.slice(offset, end),
      ...definedProps({ nextToken: end < this.rows.length ? `offset-${end}` : undefined }),
    };
  }
}
