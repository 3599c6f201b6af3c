/**
 * The local QueryEngine: DuckDB over the lake's Parquet files on disk (the S3 stand-in keeps
 * objects as plain files). Each query runs in a pool worker process, in a fresh in-memory
 * database holding one view per dataset of the tenant that reads only that tenant's folders;
 * external access is then switched off and the configuration locked, so the query itself can
 * open no other file. Results are stored in the query-results bucket under the tenant's
 * prefix, as Athena does per workgroup.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definedProps } from '../../domain/defined-props';
import { ThrottledError } from '../../domain/errors';
import { CURATED_ZONE, datasetPrefix, MANIFEST_FOLDER } from '../../domain/lake/lake-layout';
import { parseManifest } from '../../domain/lake/partition-manifest';
import { defaultQueryLimits, type QueryLimits } from '../../domain/query/query-limits';
import { InvalidPageTokenError } from '../../domain/query/run-query';
import type { ObjectStore } from '../../ports/object-store';
import type {
  QueryEngine,
  QueryExecution,
  QueryPage,
  QueryStatus,
  TenantTables,
} from '../../ports/query-engine';
import type { QueryJob, QueryJobResult } from './duckdb-query-job';
import { DuckDbWorkerPool } from './duckdb-worker-pool';

export interface DuckDbQueryEngineOptions {
  /** Directory holding the S3 stand-in's buckets. */
  readonly lakeDir: string;
  readonly curatedBucket: string;
  readonly resultsBucket: string;
  /** Limits for scopes that bring none. @default defaultQueryLimits */
  readonly limits?: Partial<QueryLimits>;
  /** @default a pool of 3 worker processes */
  readonly pool?: DuckDbWorkerPool;
}

const sqlTypeOf: Record<string, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  object: 'VARCHAR',
};
/** How many stored results an engine keeps in memory for their first reads, up to what size each. */
const justStoredResults = 8;
const justStoredMaxBytes = 1_000_000;
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** s3rver keeps each object's bytes in `<key>._S3rver_object` beside a metadata file. */
const objectFile = '._S3rver_object';
const parquetFile = `.parquet${objectFile}`;
const manifestFile = /^_manifest\/(dt=[^/]+\/hour=[^/]+)\/manifest\._S3rver_object$/;
const partitionOfPath = /^(dt=[^/]+\/hour=[^/]+)\//;

/**
 * The data files a dataset's view reads, as Athena's symlink tables do: per partition, the files
 * its manifest lists, read once here so one query sees one version of each manifest (a manifest
 * is swapped whole, so never half a compaction). Partitions without a manifest (Parquet put there
 * around the lake writer, e.g. by benchmarks) are read by listing their folder.
 */
export function datasetFiles(lakeDir: string, bucket: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((e) => e.replaceAll('\\', '/'));
  const files: string[] = [];
  const listed = new Set<string>();
  for (const entry of entries) {
    const m = manifestFile.exec(entry);
    if (!m?.[1]) continue;
    listed.add(m[1]);
    const text = readFileSync(join(dir, entry), 'utf8');
    for (const key of parseManifest(bucket, text)) files.push(join(lakeDir, bucket, `${key}${objectFile}`));
  }
  for (const entry of entries) {
    if (!entry.endsWith(parquetFile) || entry.startsWith(`${MANIFEST_FOLDER}/`)) continue;
    const partition = partitionOfPath.exec(entry)?.[1];
    if (partition && !listed.has(partition)) files.push(join(dir, entry));
  }
  return files;
}

export class DuckDbQueryEngine implements QueryEngine {
  /** A query over a few recent partitions finishes in tens of ms here. */
  readonly firstPollMs = 5;
  /** Executions of this engine still queued or running; finished ones are read from storage. */
  private readonly active = new Map<string, QueryStatus>();
  /**
   * The last few results this engine stored, by execution id: the caller that started a query
   * usually reads its status and rows right after, and need not fetch them back from the store.
   */
  private readonly justStored = new Map<string, QueryJobResult>();
  private readonly pool: DuckDbWorkerPool;

  constructor(
    private readonly objects: ObjectStore,
    private readonly options: DuckDbQueryEngineOptions,
  ) {
    this.pool = options.pool ?? new DuckDbWorkerPool(3);
  }

  /** DuckDB runs the tenant's text as it is: the views carry the tenant scope, not the SQL. */
  prepare(sql: string): string {
    return sql;
  }

  /** The execution id names the tenant, so stored results sit under the tenant's prefix. */
  private resultKey(executionId: string): string {
    return `duckdb/${executionId}.json`;
  }

  async start(queryId: string, statement: string, scope: TenantTables): Promise<string> {
    const limits = { ...defaultQueryLimits, ...this.options.limits, ...scope.limits };
    if (this.pool.queued(scope.tenantId) >= limits.queuedQueries) {
      throw new ThrottledError(
        'QUERY_QUEUE_FULL',
        `${limits.queuedQueries} queries are already waiting; retry when some have finished`,
      );
    }
    const executionId = `${scope.tenantId}/${queryId}`;
    const job: QueryJob = {
      ...this.sandbox(scope),
      hiddenPaths: [this.options.lakeDir],
      sql: statement,
      memoryBytes: limits.memoryBytes,
      timeoutMs: limits.timeoutMs,
      maxResultRows: limits.maxResultRows,
      maxResultBytes: limits.maxResultBytes,
    };
    this.active.set(executionId, 'QUEUED');
    const run = this.pool
      .run({ tenantId: scope.tenantId, concurrentQueries: limits.concurrentQueries, job }, () =>
        this.active.set(executionId, 'RUNNING'),
      )
      .then(async (result) => {
        const text = JSON.stringify(result);
        await this.objects.put(
          this.options.resultsBucket,
          this.resultKey(executionId),
          text,
          'application/json',
        );
        if (text.length > justStoredMaxBytes) return;
        this.justStored.set(executionId, result);
        const oldest = this.justStored.keys().next().value;
        if (this.justStored.size > justStoredResults && oldest) this.justStored.delete(oldest);
      });
    // A result that could not be stored reads as expired; the execution itself is over either way.
    run.catch(() => {}).finally(() => this.active.delete(executionId));
    return executionId;
  }

  async status(executionId: string): Promise<QueryExecution> {
    const active = this.active.get(executionId);
    if (active) return { status: active };
    const stored = await this.load(executionId);
    if (!stored)
      return {
        status: 'FAILED',
        error: { code: 'QUERY_RESULT_EXPIRED', message: 'The query result has expired' },
      };
    return stored.status === 'FAILED' ? { status: 'FAILED', error: stored.error } : { status: 'SUCCEEDED' };
  }

  async results(executionId: string, nextToken: string | undefined, maxRows: number): Promise<QueryPage> {
    const stored = await this.load(executionId);
    if (stored?.status !== 'SUCCEEDED') throw new Error(`no stored result for ${executionId}`);
    const offset =
      nextToken === undefined ? 0 : Number.parseInt(Buffer.from(nextToken, 'base64url').toString(), 10);
    if (!Number.isInteger(offset) || offset < 0 || offset > stored.rows.length)
      throw new InvalidPageTokenError();
    const end = offset + maxRows;
    return definedProps({
      columns: stored.columns,
      rows: stored.rows.slice(offset, end),
      nextToken: end < stored.rows.length ? Buffer.from(String(end)).toString('base64url') : undefined,
    });
  }

  private async load(executionId: string): Promise<QueryJobResult | null> {
    const kept = this.justStored.get(executionId);
    if (kept) return kept;
    const bytes = await this.objects.get(this.options.resultsBucket, this.resultKey(executionId));
    return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as QueryJobResult) : null;
  }

  /** One view per dataset over the tenant's own folder; those folders are all DuckDB may open. */
  private sandbox(scope: TenantTables): Pick<QueryJob, 'views' | 'allowedDirectories'> {
    const views: string[] = [];
    const allowedDirectories: string[] = [];
    for (const [dataset, fields] of scope.tables) {
      const dir = join(
        this.options.lakeDir,
        this.options.curatedBucket,
        datasetPrefix(CURATED_ZONE, scope.tenantId, dataset),
      );
      const files = datasetFiles(this.options.lakeDir, this.options.curatedBucket, dir);
      if (files.length > 0) {
        allowedDirectories.push(dir);
        views.push(
          `CREATE VIEW ${quoteIdent(dataset)} AS SELECT * EXCLUDE (tenant, dataset) FROM read_parquet([${files.map(quoteString).join(', ')}], hive_partitioning = true, union_by_name = true)`,
        );
      } else {
        // An empty dataset is still a table with its columns, so queries bind the same way.
        const columns = [
          ...fields,
          { name: 'receivedAt', type: 'timestamp' },
          { name: 'schemaVersion', type: 'integer' },
        ]
          .map((f) => `CAST(NULL AS ${sqlTypeOf[f.type] ?? 'VARCHAR'}) AS ${quoteIdent(f.name)}`)
          .join(', ');
        views.push(`CREATE VIEW ${quoteIdent(dataset)} AS SELECT ${columns} WHERE false`);
      }
    }
    return { views, allowedDirectories };
  }
}
