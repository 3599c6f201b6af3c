/**
 * RollupStore on DynamoDB: one item per (tenant, metric version, minute, dimension values).
 * A batch reads its cells with BatchGetItem and writes each changed cell once with a PutItem
 * guarded by the cell's revision, so counts stay exact even if two writers meet (a metric's
 * tenant maps to one Kinesis shard, so they rarely do). DynamoDB cannot merge sketches or keep
 * a minimum itself, hence read-merge-write rather than ADD.
 *
 * The tokens a cell took are kept in the same item (the cell and its tokens change in one
 * conditional write, so a batch counts once even if its writer dies between cells), as 12-byte
 * digests in one binary attribute rather than as the ~130-character curated file keys: a minute
 * cell takes one token per lake-writer batch (12 to 30 a minute per shard), and a Query reads
 * and bills whole items, projection or not, so file keys made a series' rollup read several
 * times larger (and dynalite's several times slower) than the counters it wanted.
 *
 * The store remembers the items it last wrote (a warm lake writer's instance): a minute cell takes
 * a write per batch, 13 a minute at a 5 s window, and only the first needs the consistent read.
 * The cached item is as safe as a read one: the put is conditional on its revision, so if any
 * other writer changed the cell meanwhile, the put fails and the cell is read again.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { definedProps } from '../../domain/defined-props';
import { emptyCell, fromStoredCell, mergeCells, toStoredCell } from '../../domain/metrics/rollup-cell';
import type { RollupCellRef, RollupDelta, RollupStore, StoredRollup } from '../../ports/rollup-store';

export interface DynamoRollupStoreOptions {
  readonly tableName: string;
  /** How long a minute cell is kept (DynamoDB TTL). @default 7 days */
  readonly retentionSeconds?: number;
  /** Tokens remembered per cell: only retries of recent batches reach a cell again. @default 128 */
  readonly maxTokensPerCell?: number;
  /** @default 16 */
  readonly concurrency?: number;
  /** Cells whose last written item the store remembers, most recent first. @default 4096 */
  readonly cachedCells?: number;
}

interface RollupItem {
  pk: string;
  sk: string;
  minute: number;
  dims: string;
  count: number;
  sum: number;
  min?: number;
  max?: number;
  hll?: Uint8Array;
  dd?: Uint8Array;
  /** Digests of the tokens taken, `tokenDigestBytes` each, oldest first. */
  seen?: Uint8Array;
  /** Tokens as written before `seen` (file keys); read until such items expire. */
  tokens?: string[];
  rev: number;
  expiresAt: number;
}

/**
 * Bytes of a token's SHA-256 kept per cell. Two of a cell's last `maxTokensPerCell` tokens share
 * a digest with odds of about 128 / 2^96 per batch (a batch wrongly skipped), far below any
 * failure DynamoDB itself admits.
 */
export const tokenDigestBytes = 12;

const digestOf = (token: string) => createHash('sha256').update(token).digest().subarray(0, tokenDigestBytes);

/** The digests a stored cell took, as `tokenDigestBytes`-long slices, oldest first. */
function seenDigests(item: RollupItem | undefined): Buffer[] {
  if (!item) return [];
  const seen = item.seen ? Buffer.from(item.seen) : Buffer.alloc(0);
  const digests: Buffer[] = (item.tokens ?? []).map(digestOf);
  for (let at = 0; at + tokenDigestBytes <= seen.length; at += tokenDigestBytes)
    digests.push(seen.subarray(at, at + tokenDigestBytes));
  return digests;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pad = (minute: number) => String(Math.floor(minute / 60)).padStart(10, '0');
const pkOf = (tenantId: string, metricId: string, version: number) =>
  `rollup#${tenantId}#${metricId}#v${version}`;
const skOf = (ref: RollupCellRef) => `${pad(ref.minute)}#${JSON.stringify(ref.dims)}`;

/** The attributes a series reads. */
const readAttributes = ['minute', 'dims', 'count', 'sum', 'min', 'max', 'hll', 'dd'] as const;
type ReadItem = Pick<RollupItem, (typeof readAttributes)[number]>;

function toStored(item: ReadItem, ref: RollupCellRef): StoredRollup {
  return {
    ...ref,
    cell: fromStoredCell({
      count: Number(item.count),
      sum: Number(item.sum),
      min: item.min === undefined ? null : Number(item.min),
      max: item.max === undefined ? null : Number(item.max),
      ...definedProps({ distinct: item.hll, quantiles: item.dd }),
    }),
  };
}

const idOf = (key: { pk: string; sk: string }) => `${key.pk}\n${key.sk}`;

export class DynamoRollupStore implements RollupStore {
  /** The items this instance wrote last, by cell, oldest first. */
  private readonly written = new Map<string, RollupItem>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: DynamoRollupStoreOptions,
  ) {}

  async apply(
    tenantId: string,
    token: string,
    deltas: readonly RollupDelta[],
  ): Promise<{ applied: number; skipped: number }> {
    const keyed = deltas.map((delta) => ({
      delta,
      key: { pk: pkOf(tenantId, delta.metricId, delta.version), sk: skOf(delta) },
    }));
    const unknown = keyed.filter(({ key }) => !this.written.has(idOf(key))).map(({ key }) => key);
    const existing = unknown.length === 0 ? new Map<string, RollupItem>() : await this.batchGet(unknown);
    const limit = pLimit(this.options.concurrency ?? 16);
    const outcomes = await Promise.all(
      keyed.map(({ delta, key }) => {
        const known = this.written.get(idOf(key)) ?? existing.get(idOf(key));
        return limit(() => this.applyOne(key, delta, token, known));
      }),
    );
    const applied = outcomes.filter(Boolean).length;
    return { applied, skipped: outcomes.length - applied };
  }

  /** Merges one delta; on a lost race, re-reads the cell and tries again. */
  private async applyOne(
    key: { pk: string; sk: string },
    delta: RollupDelta,
    token: string,
    known: RollupItem | undefined,
  ): Promise<boolean> {
    let current = known;
    const digest = digestOf(token);
    for (let attempt = 0; attempt < 8; attempt++) {
      const seen = seenDigests(current);
      if (seen.some((d) => d.equals(digest))) return false;
      const cell = current ? toStored(current, delta).cell : emptyCell('count');
      mergeCells(cell, delta.cell);
      const stored = toStoredCell(cell);
      const maxTokens = this.options.maxTokensPerCell ?? 128;
      const item: RollupItem = {
        ...key,
        minute: delta.minute,
        dims: JSON.stringify(delta.dims),
        count: stored.count,
        sum: stored.sum,
        ...definedProps({
          min: stored.min ?? undefined,
          max: stored.max ?? undefined,
          hll: stored.distinct,
          dd: stored.quantiles,
        }),
        seen: Buffer.concat([...seen, digest].slice(-maxTokens)),
        rev: (current?.rev ?? 0) + 1,
        expiresAt: delta.minute + (this.options.retentionSeconds ?? 7 * 86400),
      };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: item,
            ...(current
              ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': current.rev } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        this.remember(item);
        return true;
      } catch (error) {
        // Whether a put that failed otherwise was stored is unknown: the next batch reads the cell.
        this.written.delete(idOf(key));
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const fresh = await this.client.send(
          new GetCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true }),
        );
        current = fresh.Item as RollupItem | undefined;
        await sleep(10 * 2 ** attempt);
      }
    }
    throw new Error(`rollup cell ${key.pk} ${key.sk} kept changing under the writer`);
  }

  private remember(item: RollupItem): void {
    const id = idOf(item);
    this.written.delete(id);
    this.written.set(id, item);
    const limit = this.options.cachedCells ?? 4096;
    for (const oldest of this.written.keys()) {
      if (this.written.size <= limit) break;
      this.written.delete(oldest);
    }
  }

  private async batchGet(keys: readonly { pk: string; sk: string }[]): Promise<Map<string, RollupItem>> {
    const table = this.options.tableName;
    const found = new Map<string, RollupItem>();
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100).map((k) => ({ ...k }));
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt >= 8) throw new Error(`BatchGetItem on ${table} left unprocessed keys`);
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of (result.Responses?.[table] ?? []) as RollupItem[])
          found.set(`${item.pk}\n${item.sk}`, item);
        pending = result.UnprocessedKeys?.[table]?.Keys;
        if (pending?.length) await sleep(25 * 2 ** attempt);
      }
    }
    return found;
  }

  async read(
    tenantId: string,
    metricId: string,
    version: number,
    from: number,
    to: number,
  ): Promise<StoredRollup[]> {
    const cells: StoredRollup[] = [];
    const first = Math.ceil(from / 60) * 60;
    const last = Math.ceil(to / 60) * 60 - 60;
    if (last < first) return cells;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          // '$' sorts right after the '#' that ends every key's minute.
          ExpressionAttributeValues: {
            ':pk': pkOf(tenantId, metricId, version),
            ':from': pad(first),
            ':to': `${pad(last)}$`,
          },
          // Without the cell's token digests, which only writers need.
          ProjectionExpression: readAttributes.map((name) => `#${name}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(readAttributes.map((name) => [`#${name}`, name])),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as ReadItem[]) {
        cells.push(
          toStored(item, {
            metricId,
            version,
            minute: Number(item.minute),
            dims: JSON.parse(item.dims) as (string | null)[],
          }),
        );
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return cells;
  }
}
