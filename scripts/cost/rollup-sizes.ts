/**
 * The metric rollups of the measured run: the gap workload's metrics (5 metrics x 3 dimension
 * values) and what the rollup cells' PutItems weigh, item by item, as DynamoDB bills them.
 */
import { tokenDigestBytes } from '../../shared/adapters/aws/dynamodb-rollup-store';
import { definedProps } from '../../shared/domain/defined-props';
import type { MetricSpec } from '../../shared/domain/metrics/metric-definition';
import { consistentReadUnits, itemBytes, type WireValue, writeUnits } from './dynamodb-item-size';

const byName = (aggregation: MetricSpec['aggregation'], names: readonly string[], field?: string) => ({
  dataset: 'events',
  aggregation,
  ...definedProps({ field }),
  filter: [{ field: 'name', op: 'in' as const, value: [...names] }],
  dimensions: ['name'],
  timeField: 'timestamp',
});

/**
 * The workload's 5 metrics over the built-in events dataset, each split by 3 event names: three
 * counts and two distinct-player counts (HyperLogLog cells: the heavier items). The events
 * dataset has no numeric top-level field, so no sums or percentiles.
 */
export const gapMetrics: readonly { name: string; spec: MetricSpec }[] = [
  { name: 'cost: progress events', spec: byName('count', ['level_start', 'level_end', 'purchase']) },
  {
    name: 'cost: progress players',
    spec: byName('distinct', ['level_start', 'level_end', 'purchase'], 'userId'),
  },
  { name: 'cost: monetisation events', spec: byName('count', ['purchase', 'ad_view', 'session_start']) },
  {
    name: 'cost: engaged players',
    spec: byName('distinct', ['ad_view', 'session_start', 'level_start'], 'userId'),
  },
  { name: 'cost: session events', spec: byName('count', ['level_end', 'ad_view', 'session_start']) },
];

type Item = Readonly<Record<string, WireValue>>;

export interface RollupSizes {
  /** Cells (metric x dimension values x minute) the run wrote, and PutItems per cell. */
  readonly cells: number;
  readonly writesPerCell: number;
  /** Tokens a cell held at the end of the run (the batches that touched its minute). */
  readonly tokensPerCell: number;
  /** Mean billed bytes of a PutItem's item, and of its parts: the tokens list and the rest. */
  readonly itemBytesPerWrite: number;
  readonly tokenListBytesPerWrite: number;
  /** Everything but the tokens' elements (keys, counters, sketches, the list's 3-byte overhead). */
  readonly baseBytesPerWrite: number;
  /** Per token: its digest, or (a list of file keys, before digests) its string and 1-byte element overhead. */
  readonly bytesPerToken: number;
  /** The same base, for cells with a HyperLogLog (distinct) and without (count). */
  readonly baseBytesPerWriteBySketch: { readonly distinct: number; readonly count: number };
  /** Share of the writes that went to cells with a HyperLogLog. */
  readonly sketchWriteShare: number;
  /** Billed units of the run's writes, and of the consistent reads before them (BatchGetItem). */
  readonly writeUnitsPerWrite: number;
  readonly readUnitsPerWrite: number;
  /** Final size of a cell as stored. */
  readonly storedItemBytes: number;
}

/**
 * Billed bytes of each token a cell item holds: a digest of the binary `seen` attribute, or
 * (items written before it) a file key of the `tokens` list with its 1-byte element overhead.
 */
function tokenBytesOf(item: Item): number[] {
  const seen = item['seen'];
  if (seen && 'B' in seen)
    return new Array<number>(Math.floor(Buffer.from(seen.B, 'base64').byteLength / tokenDigestBytes)).fill(
      tokenDigestBytes,
    );
  const list = item['tokens'];
  return (list && 'L' in list ? list.L : []).map((v) => 1 + ('S' in v ? Buffer.byteLength(v.S) : 0));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Sizes from the rollup PutItems in the order they were sent. */
export function rollupSizes(puts: readonly Item[]): RollupSizes {
  const last = new Map<string, number>();
  const finalItems = new Map<string, Item>();
  const reads: number[] = [];
  const tokenLists: number[] = [];
  const tokens: number[] = [];
  const bases = { distinct: [] as number[], count: [] as number[] };
  const sizes = puts.map((item) => {
    const bytes = itemBytes(item);
    const key = `${JSON.stringify(item['pk'])}\n${JSON.stringify(item['sk'])}`;
    const previous = last.get(key);
    reads.push(previous === undefined ? consistentReadUnits(0) : consistentReadUnits(previous));
    last.set(key, bytes);
    finalItems.set(key, item);
    const each = tokenBytesOf(item);
    const elementBytes = each.reduce((sum, b) => sum + b, 0);
    tokenLists.push(elementBytes);
    tokens.push(...each);
    (item['hll'] ? bases.distinct : bases.count).push(bytes - elementBytes);
    return bytes;
  });
  return {
    cells: last.size,
    writesPerCell: puts.length / Math.max(1, last.size),
    tokensPerCell: mean([...finalItems.values()].map((item) => tokenBytesOf(item).length)),
    itemBytesPerWrite: mean(sizes),
    tokenListBytesPerWrite: mean(tokenLists),
    baseBytesPerWrite: mean(sizes.map((s, i) => s - (tokenLists[i] ?? 0))),
    bytesPerToken: mean(tokens),
    baseBytesPerWriteBySketch: { distinct: mean(bases.distinct), count: mean(bases.count) },
    sketchWriteShare: bases.distinct.length / Math.max(1, puts.length),
    writeUnitsPerWrite: mean(sizes.map(writeUnits)),
    readUnitsPerWrite: mean(reads),
    storedItemBytes: mean([...last.values()]),
  };
}
