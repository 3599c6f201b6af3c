/** Use cases: start a tenant's query over its datasets, and read its status and result pages. */
import * as z from 'zod';
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import type { QueryEngine, QueryError, QueryPage, QueryStatus, TenantTables } from '../../ports/query-engine';
import type { QueryStore } from '../../ports/query-store';
import type { SqlParser } from '../../ports/sql-parser';
import { definedProps } from '../defined-props';
import { NotFoundError, ValidationError } from '../errors';
import { checkSelectTree } from './select-tree-guard';
import { guardSql, maxSqlLength } from './sql-guard';

export const startQueryInput = z.object({ sql: z.string().min(1).max(maxSqlLength) });
export const queryPageInput = z.object({
  maxResults: z.coerce.number().int().min(1).max(1000).default(1000),
  nextToken: z.string().max(2048).optional(),
});

export interface QueryDeps {
  readonly catalog: Pick<DatasetCatalog, 'list'>;
  readonly engine: QueryEngine;
  /**
   * The engine's own parser, which checks the exact statement sent against the allow-list.
   * Null only where no parser of the engine's dialect runs (Athena in Lambda): there the
   * lexical guard and the tenant-scoped storage credentials are the fences.
   */
  readonly parser: SqlParser | null;
  readonly store: QueryStore;
  readonly newId: () => string;
  readonly now: () => Date;
  /** The limits an operator set for the tenant (concurrent queries); none means the defaults. */
  readonly tenantLimits?: (tenantId: string) => Promise<{ readonly concurrentQueries?: number | undefined }>;
}

/** The tenant's datasets as the engine's scope, with the limits an operator set. */
export async function tenantTables(
  tenantId: string,
  deps: Pick<QueryDeps, 'catalog' | 'tenantLimits'>,
): Promise<TenantTables> {
  const datasets = await deps.catalog.list(tenantId);
  const set = (await deps.tenantLimits?.(tenantId)) ?? {};
  return {
    tenantId,
    ...definedProps({
      limits: set.concurrentQueries ? { concurrentQueries: set.concurrentQueries } : undefined,
    }),
    tables: new Map(datasets.map((d) => [d.dataset, d.fields.map((f) => ({ name: f.name, type: f.type }))])),
  };
}

export async function startQuery(
  tenantId: string,
  sql: string,
  deps: QueryDeps,
): Promise<{ queryId: string }> {
  const checked = guardSql(sql);
  const scope = await tenantTables(tenantId, deps);
  const statement = deps.engine.prepare(checked, scope);
  if (deps.parser) checkSelectTree(await deps.parser.parse(statement), scope.tables.keys());
  const queryId = deps.newId();
  await deps.store.create({
    id: queryId,
    tenantId,
    sql: checked,
    status: 'QUEUED',
    createdAt: deps.now().toISOString(),
  });
  let executionId: string;
  try {
    executionId = await deps.engine.start(queryId, statement, scope);
  } catch (error) {
    // Without this the record would stay QUEUED forever, with no execution to poll.
    await deps.store.update(tenantId, queryId, {
      status: 'FAILED',
      error: { code: 'QUERY_NOT_STARTED', message: 'The query could not be started' },
    });
    throw error;
  }
  await deps.store.update(tenantId, queryId, { status: 'RUNNING', engineExecutionId: executionId });
  return { queryId };
}

export interface QueryView extends Partial<QueryPage> {
  readonly queryId: string;
  readonly status: QueryStatus;
  readonly error?: QueryError | undefined;
}

export async function getQuery(
  tenantId: string,
  queryId: string,
  page: z.infer<typeof queryPageInput>,
  deps: QueryDeps,
): Promise<QueryView> {
  const record = z.uuid().safeParse(queryId).success ? await deps.store.find(tenantId, queryId) : null;
  if (!record) throw new NotFoundError('QUERY_NOT_FOUND', `Query ${queryId} does not exist`);
  if (!record.engineExecutionId) return { queryId, status: record.status, error: record.error };
  let { status, error } = record;
  if (status === 'QUEUED' || status === 'RUNNING') {
    const execution = await deps.engine.status(record.engineExecutionId);
    ({ status, error } = execution);
    if (status !== record.status) {
      await deps.store.update(tenantId, queryId, definedProps({ status, error }));
    }
  }
  if (status !== 'SUCCEEDED') return definedProps({ queryId, status, error });
  try {
    const result = await deps.engine.results(record.engineExecutionId, page.nextToken, page.maxResults);
    return { queryId, status, ...result };
  } catch (cause) {
    if (cause instanceof InvalidPageTokenError) {
      throw new ValidationError('INVALID_NEXT_TOKEN', 'nextToken is not valid for this query', [
        { path: 'nextToken', message: 'invalid token' },
      ]);
    }
    throw cause;
  }
}

/** Thrown by engines for a nextToken they did not issue. */
export class InvalidPageTokenError extends Error {}
