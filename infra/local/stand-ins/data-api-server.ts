/**
 * The RDS Data API stand-in: the service's REST-JSON wire protocol (POST /Execute,
 * /BeginTransaction, /CommitTransaction, /RollbackTransaction) over the embedded Postgres, for the
 * real `RDSDataClient`. As strict as the service where it matters: every request must carry a
 * valid SigV4 signature for `rds-data`; resourceArn and secretArn are required and must name the
 * cluster and its secret; array parameters are refused; a string binds as varchar (so a missing
 * cast fails here as in AWS: `uuid = character varying`); a request over 4 MiB, a response over
 * 1 MiB, or a row over 64 KB, is refused; a statement runs at most 45 s. Timestamps come back as the service writes them (UTC, no offset).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { rewritePlaceholders } from '../../../shared/adapters/aws/sql-placeholders';
import { type DataApiTransactionOptions, DataApiTransactions } from './data-api-transactions';
import { closeHttpServer, listen } from './running-server';
import { checkSigV4 } from './sigv4-check';

export interface DataApiStandInOptions {
  readonly databaseUrl: string;
  /** When idle or long-open transactions are rolled back (the service's 3 minutes and 24 hours). */
  readonly transactions?: DataApiTransactionOptions;
  readonly host: string;
  /** 0 picks a free one. */
  readonly port: number;
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The service's response limit, 1 MiB; tests may lower it. */
  readonly maxResponseBytes?: number;
  /** The service's limit per row of a result, 64 KB; tests may lower it. */
  readonly maxRowBytes?: number;
  /** The service's request limit, 4 MiB (headers and JSON included); tests may lower it. */
  readonly maxRequestBytes?: number;
}

export interface DataApiStandIn {
  readonly endpoint: string;
  /** Transactions begun and not yet committed or rolled back. */
  openTransactions(): number;
  close(): Promise<void>;
}

/** The Data API's limits (Aurora User Guide, "Data API limitations"). */
export const dataApiLimits = {
  /** Stated for BatchExecuteStatement and applying to every call ("the maximum size of the HTTP request"). */
  maxRequestBytes: 4 * 1024 * 1024,
  maxResponseBytes: 1024 * 1024,
  maxRowBytes: 64 * 1024,
  statementTimeoutMs: 45_000,
} as const;

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new ServiceError(400, 'BadRequestException', message);

type WireField =
  | { isNull: true }
  | { stringValue: string }
  | { longValue: number }
  | { doubleValue: number }
  | { booleanValue: boolean }
  | { blobValue: string }
  | { arrayValue: WireArray };
type WireArray =
  | { stringValues: (string | null)[] }
  | { longValues: number[] }
  | { doubleValues: number[] }
  | { booleanValues: boolean[] }
  | { arrayValues: WireArray[] };

interface WireParameter {
  readonly name?: string;
  readonly value?: Record<string, unknown>;
  readonly typeHint?: string;
}

interface PgType {
  readonly name: string;
  readonly isArray: boolean;
}

/** JDBC type codes for the column metadata (java.sql.Types), as pgjdbc reports them. */
const jdbcTypes: Readonly<Record<string, number>> = {
  bool: -7,
  int2: 5,
  int4: 4,
  int8: -5,
  float4: 7,
  float8: 8,
  numeric: 2,
  text: 12,
  varchar: 12,
  uuid: 1111,
  date: 91,
  timestamp: 93,
  timestamptz: 93,
  bytea: -2,
};

const hintCasts: Readonly<Record<string, string>> = {
  JSON: 'json',
  UUID: 'uuid',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  TIME: 'time',
  DECIMAL: 'numeric',
};

/** A parameter as the service binds it: its JDBC type decides Postgres's type, never left to inference. */
function bind(parameter: WireParameter): { value: unknown; cast: string } {
  const value = parameter.value ?? {};
  if ('arrayValue' in value) throw badRequest('Array parameters are not supported.');
  const hint = parameter.typeHint;
  if (hint !== undefined && !(hint in hintCasts)) throw badRequest(`Invalid type hint: ${hint}`);
  const hinted = hint ? hintCasts[hint] : undefined;
  if (value['isNull'] === true) return { value: null, cast: hinted ?? 'unknown' };
  if (typeof value['stringValue'] === 'string')
    return { value: value['stringValue'], cast: hinted ?? 'varchar' };
  if (typeof value['longValue'] === 'number') return { value: value['longValue'], cast: 'int8' };
  if (typeof value['doubleValue'] === 'number') return { value: value['doubleValue'], cast: 'float8' };
  if (typeof value['booleanValue'] === 'boolean') return { value: value['booleanValue'], cast: 'bool' };
  if (typeof value['blobValue'] === 'string')
    return { value: Buffer.from(value['blobValue'], 'base64'), cast: 'bytea' };
  throw badRequest(`Invalid value for parameter ${parameter.name ?? ''}`);
}

/** `:name` placeholders → `$k` with each value bound at the type the service would bind it. */
function bindStatement(
  sql: string,
  parameters: readonly WireParameter[],
): { text: string; values: unknown[] } {
  const byName = new Map(parameters.map((p) => [p.name ?? '', p]));
  const values: unknown[] = [];
  const indexOf = new Map<string, number>();
  const text = rewritePlaceholders(sql, 'named', (name) => {
    const parameter = byName.get(name);
    if (!parameter) throw badRequest(`No value specified for parameter: ${name}`);
    let index = indexOf.get(name);
    const bound = bind(parameter);
    if (index === undefined) {
      values.push(bound.value);
      index = values.length;
      indexOf.set(name, index);
    }
    return bound.cast === 'unknown' ? `$${index}` : `($${index}::${bound.cast})`;
  });
  for (const p of parameters) bind(p);
  return { text, values };
}

function wireArray(values: readonly unknown[]): WireArray {
  const sample = values.find((v) => v !== null);
  if (Array.isArray(sample)) return { arrayValues: values.map((v) => wireArray(Array.isArray(v) ? v : [])) };
  if (typeof sample === 'boolean') return { booleanValues: values as boolean[] };
  if (typeof sample === 'number') return { doubleValues: values as number[] };
  return {
    stringValues: values.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))),
  };
}

interface ResultOptions {
  readonly longAsString: boolean;
  readonly decimalAsDouble: boolean;
}

/** One column value in the service's shape; text comes from Postgres's output functions (session in UTC). */
function wireField(type: PgType, value: unknown, options: ResultOptions): WireField {
  if (value === null) return { isNull: true };
  if (type.isArray) {
    if (!Array.isArray(value)) return { stringValue: String(value) };
    const integerArray = ['_int2', '_int4', '_int8'].includes(type.name);
    return {
      arrayValue: integerArray
        ? { longValues: value.map((v) => (v === null ? null : Number(v))) as number[] }
        : wireArray(value),
    };
  }
  const text = String(value);
  switch (type.name) {
    case 'bool':
      return { booleanValue: text === 't' };
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return options.longAsString ? { stringValue: text } : { longValue: Number(text) };
    case 'float4':
    case 'float8':
      return { doubleValue: Number(text) };
    case 'numeric':
      return options.decimalAsDouble ? { doubleValue: Number(text) } : { stringValue: text };
    case 'bytea':
      return { blobValue: Buffer.from(text.replace(/^\\x/, ''), 'hex').toString('base64') };
    case 'timestamptz':
      return { stringValue: text.replace(/\+00$/, '') };
    default:
      return { stringValue: text };
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  response.writeHead(status, headers);
  response.end(JSON.stringify(body));
}

export async function startDataApiStandIn(options: DataApiStandInOptions): Promise<DataApiStandIn> {
  const maxResponseBytes = options.maxResponseBytes ?? dataApiLimits.maxResponseBytes;
  const maxRequestBytes = options.maxRequestBytes ?? dataApiLimits.maxRequestBytes;
  const maxRowBytes = options.maxRowBytes ?? dataApiLimits.maxRowBytes;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 20,
    options: `-c TimeZone=UTC -c statement_timeout=${dataApiLimits.statementTimeoutMs}`,
  });
  // An idle connection cut by the server (Postgres stopping first, a restart) must not crash the
  // process: the pool drops it and the next statement opens a new one.
  pool.on('error', () => undefined);
  const types = new Map<number, PgType>();
  const loadTypes = async () => {
    const { rows } = await pool.query<{ oid: number; typname: string; typcategory: string }>(
      'SELECT oid::int, typname, typcategory FROM pg_type',
    );
    for (const r of rows) types.set(r.oid, { name: r.typname, isArray: r.typcategory === 'A' });
  };
  await loadTypes();
  // Arrays parsed by pg (to build arrayValue); everything else as Postgres's text output.
  const parsers = {
    getTypeParser: (oid: number) =>
      types.get(oid)?.isArray ? pg.types.getTypeParser(oid, 'text') : (text: string) => text,
  };
  const transactions = new DataApiTransactions(pool, options.transactions);

  const secretOf = (accessKeyId: string) =>
    accessKeyId === options.credentials.accessKeyId ? options.credentials.secretAccessKey : undefined;

  function authenticate(request: IncomingMessage, body: Buffer): void {
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string')
      throw new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    if (!/Credential=[^/]+\/\d{8}\/[^/]+\/rds-data\/aws4_request/.test(authorization))
      throw new ServiceError(403, 'InvalidSignatureException', 'Credential should be scoped to rds-data.');
    const failure = checkSigV4(
      {
        method: request.method ?? 'POST',
        url: request.url ?? '/',
        headers: {
          ...request.headers,
          'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        },
      },
      secretOf,
      new Date(),
    );
    if (failure?.code === 'InvalidAccessKeyId')
      throw new ServiceError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    if (failure) throw new ServiceError(403, 'InvalidSignatureException', failure.message);
  }

  function target(input: Record<string, unknown>): void {
    for (const key of ['resourceArn', 'secretArn'] as const)
      if (typeof input[key] !== 'string' || input[key] === '') throw badRequest(`${key} is required.`);
    if (input['resourceArn'] !== options.resourceArn)
      throw badRequest(`HttpEndpoint is not enabled for resource ${String(input['resourceArn'])}`);
    if (input['secretArn'] !== options.secretArn)
      throw badRequest(`Secrets Manager can't find the specified secret: ${String(input['secretArn'])}`);
  }

  const transactionNotFound = (id: unknown) =>
    new ServiceError(404, 'TransactionNotFoundException', `Transaction ${String(id)} is not found`);

  async function transaction(id: unknown): Promise<pg.PoolClient> {
    const client = await transactions.use(id);
    if (!client) throw transactionNotFound(id);
    return client;
  }

  async function execute(input: Record<string, unknown>): Promise<unknown> {
    if (typeof input['sql'] !== 'string' || input['sql'] === '') throw badRequest('sql is required.');
    const parameters = (Array.isArray(input['parameters']) ? input['parameters'] : []) as WireParameter[];
    const { text, values } = bindStatement(input['sql'], parameters);
    const client = input['transactionId'] === undefined ? pool : await transaction(input['transactionId']);
    let result: pg.QueryArrayResult;
    try {
      result = await client.query({ text, values, rowMode: 'array', types: parsers });
    } catch (error) {
      const e = error as { message?: string; code?: string };
      if (e.code === '57014') throw new ServiceError(400, 'StatementTimeoutException', 'Request timed out');
      throw badRequest(`ERROR: ${e.message ?? String(error)}; SQLState: ${e.code ?? ''}`);
    }
    const fields = result.fields ?? [];
    if (fields.some((f) => !types.has(f.dataTypeID))) await loadTypes();
    const columnTypes = fields.map((f) => types.get(f.dataTypeID) ?? { name: 'unknown', isArray: false });
    const resultSetOptions = (input['resultSetOptions'] ?? {}) as Record<string, unknown>;
    const resultOptions = {
      longAsString: resultSetOptions['longReturnType'] === 'STRING',
      decimalAsDouble: resultSetOptions['decimalReturnType'] === 'DOUBLE_OR_LONG',
    };
    const output: Record<string, unknown> = {
      numberOfRecordsUpdated: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0),
    };
    if (fields.length > 0) {
      const records = result.rows.map((row) =>
        row.map((value, i) =>
          wireField(columnTypes[i] ?? { name: 'unknown', isArray: false }, value, resultOptions),
        ),
      );
      // Measured on the wire form (an upper bound of the row the database returned).
      if (records.some((record) => Buffer.byteLength(JSON.stringify(record)) > maxRowBytes))
        throw badRequest('Database returned a row larger than the allowed size limit');
      output['records'] = records;
      if (input['includeResultMetadata'] === true)
        output['columnMetadata'] = fields.map((f, i) => ({
          name: f.name,
          label: f.name,
          typeName: columnTypes[i]?.name,
          type: columnTypes[i]?.isArray ? 2003 : (jdbcTypes[columnTypes[i]?.name ?? ''] ?? 1111),
        }));
    }
    return output;
  }

  async function handle(path: string, input: Record<string, unknown>): Promise<unknown> {
    target(input);
    // Any call rolls back the transactions that have expired meanwhile.
    await transactions.expire();
    switch (path) {
      case '/Execute':
        return execute(input);
      case '/BeginTransaction':
        return { transactionId: await transactions.begin() };
      case '/CommitTransaction':
      case '/RollbackTransaction': {
        const commit = path === '/CommitTransaction';
        if (!(await transactions.end(input['transactionId'], commit)))
          throw transactionNotFound(input['transactionId']);
        return { transactionStatus: commit ? 'Transaction Committed' : 'Rollback Complete' };
      }
      default:
        throw new ServiceError(404, 'UnknownOperationException', `Unknown operation ${path}`);
    }
  }

  const server = createServer((request, response) => {
    void (async () => {
      try {
        const body = await readBody(request);
        // The service's exact wording for this refusal is not documented; the status and type are.
        if (body.length > maxRequestBytes)
          throw badRequest(`Request size ${body.length} bytes exceeds the limit of ${maxRequestBytes} bytes`);
        authenticate(request, body);
        if (request.method !== 'POST') throw new ServiceError(404, 'UnknownOperationException', 'POST only');
        const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        const output = await handle((request.url ?? '/').split('?')[0] ?? '/', input);
        const text = JSON.stringify(output);
        if (Buffer.byteLength(text) > maxResponseBytes)
          throw badRequest('Database returned more than the allowed response size limit');
        send(response, 200, output);
      } catch (error) {
        if (error instanceof ServiceError)
          send(response, error.status, { message: error.message }, error.type);
        else if (error instanceof SyntaxError)
          send(response, 400, { message: error.message }, 'BadRequestException');
        else send(response, 500, { message: String(error) }, 'InternalServerErrorException');
      }
    })();
  });
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${options.host}:${port}`,
    openTransactions: () => transactions.size,
    async close() {
      await closeHttpServer(server);
      transactions.close();
      await pool.end();
    },
  };
}
