/**
 * SqlPool over the RDS Data API: the Postgres repositories run unchanged over HTTPS with IAM,
 * without a VPC, a connection or RDS Proxy.
 *
 * Parameters keep pg's semantics exactly. pg sends every value as text with no type, and Postgres
 * infers each placeholder's type from the statement; the Data API binds a string as varchar,
 * which Postgres does not coerce to uuid, jsonb or text[] (`uuid = character varying` fails). So
 * each distinct statement is PREPAREd once per process to ask Postgres which types it infers, and
 * `$n` becomes `CAST(:pn AS <that type>)` with the value in pg's text form. This also carries the
 * arrays the Data API refuses as parameters (`= ANY($1)`, `unnest($2::text[])`): they go as
 * Postgres array literals, cast like any other value. Results come back as pg returns them:
 * int8 and numeric as strings, timestamptz as Date, json/jsonb parsed, arrays as arrays (typed
 * records with column metadata, not `formatRecordsAs: 'JSON'`, whose values carry no column type).
 */
import { randomUUID } from 'node:crypto';
import {
  BeginTransactionCommand,
  type ColumnMetadata,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type Field,
  type RDSDataClient,
  RollbackTransactionCommand,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import type { SqlClient, SqlPool, SqlResult } from '../../ports/sql-pool';
import { rewritePlaceholders } from './sql-placeholders';

export interface DataApiTarget {
  /** The Aurora cluster's ARN (its Data API must be enabled). */
  readonly resourceArn: string;
  /** The Secrets Manager secret holding the database user's credentials. */
  readonly secretArn: string;
  readonly database: string;
}

/** A value in the text form pg sends it in (pg's `prepareValue`), or null. */
export function pgText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A Postgres array literal, as pg writes one: elements double-quoted, NULL unquoted, nesting kept. */
function arrayLiteral(values: readonly unknown[]): string {
  const elements = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    return `"${(pgText(v) ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${elements.join(',')}}`;
}

function parameter(index: number, value: unknown): SqlParameter {
  const text = pgText(value);
  return { name: `p${index + 1}`, value: text === null ? { isNull: true } : { stringValue: text } };
}

type Raw = string | number | boolean | Buffer | null | Raw[];

function rawValue(field: Field): Raw {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue);
  const array = field.arrayValue;
  if (array) {
    const elements =
      array.stringValues ??
      array.longValues ??
      array.doubleValues ??
      array.booleanValues ??
      array.arrayValues?.map((inner) => (inner ? rawValue({ arrayValue: inner }) : null));
    return (elements ?? []) as Raw[];
  }
  return null;
}

/** A timestamp as the Data API writes it (`2026-12-02 19:00:00.123456`, UTC, or with an offset). */
function timestamp(text: string): Date {
  const iso = text.replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(iso) ? iso : `${iso}Z`);
}

/** What pg's default type parsers return for a column of `typeName` (pgjdbc's names: int8, _text, ...). */
function pgValue(typeName: string, raw: Raw): unknown {
  if (raw === null) return null;
  if (typeName.startsWith('_') && Array.isArray(raw))
    return raw.map((element) => pgValue(typeName.slice(1), element));
  switch (typeName) {
    case 'int2':
    case 'int4':
    case 'oid':
    case 'float4':
    case 'float8':
      return Number(raw);
    case 'int8':
    case 'numeric':
      return String(raw);
    case 'bool':
      return raw === true || raw === 't' || raw === 'true';
    case 'json':
    case 'jsonb':
      return JSON.parse(String(raw));
    case 'timestamptz':
    case 'timestamp':
      return timestamp(String(raw));
    case 'bytea':
      return raw;
    default:
      return typeof raw === 'string' || Buffer.isBuffer(raw) ? raw : String(raw);
  }
}

function toRow(columns: readonly ColumnMetadata[], record: readonly Field[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const field = record[i];
    row[column.label ?? column.name ?? `?column?`] = field
      ? pgValue(column.typeName ?? '', rawValue(field))
      : null;
  });
  return row;
}

/** BEGIN, COMMIT and ROLLBACK, which the Data API runs as calls of their own. */
function transactionControl(text: string): 'begin' | 'commit' | 'rollback' | null {
  const statement = text.trim().replace(/;$/, '').trim().toUpperCase();
  if (statement === 'BEGIN' || statement === 'START TRANSACTION') return 'begin';
  if (statement === 'COMMIT' || statement === 'END') return 'commit';
  if (statement === 'ROLLBACK') return 'rollback';
  return null;
}

export class DataApiPool implements SqlPool {
  /** Inferred parameter types per statement text, probed once per process. */
  private readonly parameterTypes = new Map<string, Promise<readonly string[]>>();

  constructor(
    private readonly client: RDSDataClient,
    private readonly target: DataApiTarget,
  ) {}

  query<R extends object = Record<string, unknown>>(
    text: string,
    values: readonly unknown[] = [],
  ): Promise<SqlResult<R>> {
    return this.execute<R>(text, values, undefined);
  }

  /**
   * A "connection": statements between BEGIN and COMMIT/ROLLBACK share one Data API transaction
   * (and so one database session); outside a transaction each statement runs on its own, so
   * session settings do not carry from one statement to the next.
   */
  async connect(): Promise<SqlClient> {
    let transactionId: string | undefined;
    const none = { rows: [], rowCount: null };
    return {
      query: async <R extends object>(text: string, values: readonly unknown[] = []) => {
        switch (transactionControl(text)) {
          case 'begin':
            if (transactionId) throw new Error('a transaction is already open on this client');
            transactionId = await this.begin();
            return none;
          case 'commit':
          case 'rollback': {
            const id = transactionId;
            transactionId = undefined;
            if (id) await this.end(id, transactionControl(text) === 'commit');
            return none;
          }
          default:
            return this.execute<R>(text, values, transactionId);
        }
      },
      release: () => {
        // A transaction left open (never by inTransaction) would hold its locks until the Data API times it out.
        if (transactionId) void this.end(transactionId, false).catch(() => {});
        transactionId = undefined;
      },
    };
  }

  private async begin(): Promise<string> {
    const { resourceArn, secretArn, database } = this.target;
    const { transactionId } = await this.client.send(
      new BeginTransactionCommand({ resourceArn, secretArn, database }),
    );
    if (!transactionId) throw new Error('the Data API began a transaction without an id');
    return transactionId;
  }

  private async end(transactionId: string, commit: boolean): Promise<void> {
    const { resourceArn, secretArn } = this.target;
    const input = { resourceArn, secretArn, transactionId };
    await this.client.send(
      commit ? new CommitTransactionCommand(input) : new RollbackTransactionCommand(input),
    );
  }

  private async execute<R extends object>(
    text: string,
    values: readonly unknown[],
    transactionId: string | undefined,
  ): Promise<SqlResult<R>> {
    const types = values.length > 0 ? await this.typesOf(text) : [];
    if (types.length !== values.length)
      throw new Error(`the statement takes ${types.length} parameters, but ${values.length} were given`);
    const sql = rewritePlaceholders(text, 'positional', (n) => `CAST(:p${n} AS ${types[Number(n) - 1]})`);
    const { resourceArn, secretArn, database } = this.target;
    const result = await this.client.send(
      new ExecuteStatementCommand({
        resourceArn,
        secretArn,
        database,
        sql,
        parameters: values.map((value, i) => parameter(i, value)),
        transactionId,
        includeResultMetadata: true,
        // Exact, as pg returns them: int8 and numeric as strings (a double would round them).
        resultSetOptions: { longReturnType: 'STRING', decimalReturnType: 'STRING' },
      }),
    );
    const columns = result.columnMetadata ?? [];
    const rows = (result.records ?? []).map((record) => toRow(columns, record) as R);
    // pg counts the rows a query returned, or else those a statement changed.
    return { rows, rowCount: columns.length > 0 ? rows.length : (result.numberOfRecordsUpdated ?? 0) };
  }

  private typesOf(text: string): Promise<readonly string[]> {
    let types = this.parameterTypes.get(text);
    if (!types) {
      types = this.probe(text);
      this.parameterTypes.set(text, types);
      // A failed probe (a bad statement, a resuming cluster) is not remembered.
      types.catch(() => this.parameterTypes.delete(text));
    }
    return types;
  }

  /** The types Postgres infers for `text`'s placeholders: what it infers for pg's untyped parameters. */
  private async probe(text: string): Promise<readonly string[]> {
    const name = `nexus_probe_${randomUUID().replace(/-/g, '')}`;
    const transactionId = await this.begin();
    const { resourceArn, secretArn, database } = this.target;
    const run = (sql: string) =>
      this.client.send(new ExecuteStatementCommand({ resourceArn, secretArn, database, sql, transactionId }));
    try {
      await run(`PREPARE ${name} AS ${text}`);
      // A prepared statement outlives its transaction: deallocate it before the session is reused.
      const { records } = await run(
        `SELECT array_to_json(parameter_types::text[])::text FROM pg_prepared_statements WHERE name = '${name}'`,
      );
      await run(`DEALLOCATE ${name}`);
      return JSON.parse(records?.[0]?.[0]?.stringValue ?? '[]') as string[];
    } finally {
      await this.end(transactionId, false);
    }
  }
}
