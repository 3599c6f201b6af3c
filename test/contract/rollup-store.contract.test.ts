/** RollupStore contract: the in-memory twin and DynamoRollupStore on dynalite must behave alike. */
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tables } from '../../infra/local/resources';
import { DynamoRollupStore, tokenDigestBytes } from '../../shared/adapters/aws/dynamodb-rollup-store';
import { definedProps } from '../../shared/domain/defined-props';
import type { Aggregation } from '../../shared/domain/metrics/metric-definition';
import { addToCell, cellValue, emptyCell, type RollupCell } from '../../shared/domain/metrics/rollup-cell';
import type { RollupDelta, RollupStore } from '../../shared/ports/rollup-store';
import { dynamoDocumentClient } from '../../shared/runtime/clients/dynamodb-client';
import { InMemoryRollupStore } from '../support/twins/in-memory-rollup-store';
import { type ContractStack, startContractStack } from './contract-stand-ins';

const minute = (m: number) => Date.parse('2026-11-27T10:00:00Z') / 1000 + m * 60;

function cellOf(aggregation: Aggregation, values: readonly unknown[]): RollupCell {
  const cell = emptyCell(aggregation);
  for (const v of values) addToCell(cell, aggregation, v);
  return cell;
}

function describeContract(name: string, makeSubject: () => RollupStore): void {
  describe(`RollupStore contract: ${name}`, () => {
    let store: RollupStore;
    let tenant: string;
    let metricId: string;
    const delta = (m: number, dims: (string | null)[], cell: RollupCell, version = 1): RollupDelta => ({
      metricId,
      version,
      minute: minute(m),
      dims,
      cell,
    });
    beforeEach(() => {
      store = makeSubject();
      tenant = randomUUID();
      metricId = randomUUID();
    });

    it('merges deltas into their cells and reads a minute range back', async () => {
      await store.apply(tenant, 'file-1', [
        delta(0, ['pro'], cellOf('avg', [1, 2])),
        delta(1, ['pro'], cellOf('avg', [10])),
      ]);
      await store.apply(tenant, 'file-2', [
        delta(0, ['pro'], cellOf('avg', [-3])),
        delta(0, [null], cellOf('avg', [5])),
      ]);

      const cells = await store.read(tenant, metricId, 1, minute(0), minute(1));

      const byDims = new Map(cells.map((c) => [JSON.stringify(c.dims), c.cell]));
      expect(cells.every((c) => c.minute === minute(0) && c.metricId === metricId && c.version === 1)).toBe(
        true,
      );
      expect(byDims.get('["pro"]')).toMatchObject({ count: 3, sum: 0, min: -3, max: 2 });
      expect(byDims.get('[null]')).toMatchObject({ count: 1, sum: 5, min: 5, max: 5 });
      expect(byDims.size).toBe(2);
    });

    it('takes a token once per cell, so a retried batch changes nothing', async () => {
      const batch = [delta(0, [], cellOf('count', [1, 1, 1]))];

      const first = await store.apply(tenant, 'file-1', batch);
      const again = await store.apply(tenant, 'file-1', batch);
      const other = await store.apply(tenant, 'file-2', [
        delta(0, [], cellOf('count', [1])),
        delta(2, [], cellOf('count', [1])),
      ]);

      expect(first).toEqual({ applied: 1, skipped: 0 });
      expect(again).toEqual({ applied: 0, skipped: 1 });
      expect(other).toEqual({ applied: 2, skipped: 0 });
      const cells = await store.read(tenant, metricId, 1, minute(0), minute(3));
      expect(cells.map((c) => [c.minute, c.cell.count])).toEqual([
        [minute(0), 4],
        [minute(2), 1],
      ]);
    });

    it('keeps sketches mergeable through storage', async () => {
      await store.apply(tenant, 'f1', [delta(0, [], cellOf('distinct', ['a', 'b', 'c']))]);
      await store.apply(tenant, 'f2', [delta(0, [], cellOf('distinct', ['c', 'd']))]);
      await store.apply(tenant, 'f1', [delta(5, [], cellOf('p50', [1, 2, 3, 4, 100]))]);

      const [distinct, quantiles] = await store.read(tenant, metricId, 1, minute(0), minute(6));

      expect(cellValue(distinct?.cell, 'distinct')).toBe(4);
      expect(cellValue(quantiles?.cell, 'p50')).toBeCloseTo(3, 1);
    });

    it('keeps versions, metrics and tenants apart', async () => {
      await store.apply(tenant, 'f', [
        delta(0, [], cellOf('count', [1])),
        delta(0, [], cellOf('count', [1, 1]), 2),
      ]);

      expect((await store.read(tenant, metricId, 1, minute(0), minute(1)))[0]?.cell.count).toBe(1);
      expect((await store.read(tenant, metricId, 2, minute(0), minute(1)))[0]?.cell.count).toBe(2);
      expect(await store.read(randomUUID(), metricId, 1, minute(0), minute(1))).toEqual([]);
      expect(await store.read(tenant, randomUUID(), 1, minute(0), minute(1))).toEqual([]);
    });

    it('reads [from, to): the end minute is left out', async () => {
      await store.apply(
        tenant,
        'f',
        [0, 1, 2, 3].map((m) => delta(m, [], cellOf('count', [1]))),
      );

      const cells = await store.read(tenant, metricId, 1, minute(1), minute(3));

      expect(cells.map((c) => c.minute)).toEqual([minute(1), minute(2)]);
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['dynamodb']);
});
afterAll(async () => {
  await stack?.stop();
});

describeContract('InMemoryRollupStore (twin)', () => new InMemoryRollupStore());

describeContract('DynamoRollupStore on dynalite', () => {
  if (!stack) throw new Error('the stand-ins did not start');
  return new DynamoRollupStore(stack.runtime.client(dynamoDocumentClient), {
    tableName: tables.rollups.name,
  });
});

describe('DynamoRollupStore on dynalite: the tokens kept per cell', () => {
  const subject = () => {
    if (!stack) throw new Error('the stand-ins did not start');
    const client = stack.runtime.client(dynamoDocumentClient);
    return { client, store: new DynamoRollupStore(client, { tableName: tables.rollups.name }) };
  };
  const fileKey = (n: number) =>
    `curated/tenant=${randomUUID()}/dataset=events/dt=2026-11-27/hour=10/${n}-${randomUUID()}.parquet`;

  it('keeps a fixed-size digest per token, however long the token, and still takes each once', async () => {
    const { client, store } = subject();
    const tenant = randomUUID();
    const metricId = randomUUID();
    const tokens = Array.from({ length: 30 }, (_, n) => fileKey(n));
    const one = [{ metricId, version: 1, minute: minute(0), dims: [], cell: cellOf('count', [1]) }];

    for (const token of tokens) await store.apply(tenant, token, one);
    const retried = await Promise.all(tokens.map((token) => store.apply(tenant, token, one)));

    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tables.rollups.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `rollup#${tenant}#${metricId}#v1` },
      }),
    );
    expect(retried.every((r) => r.applied === 0 && r.skipped === 1)).toBe(true);
    expect(Items.map((item) => [item['count'], (item['seen'] as Uint8Array).length])).toEqual([
      [30, 30 * tokenDigestBytes],
    ]);
  });

  it('still skips a token a cell took when it kept whole tokens', async () => {
    const { client, store } = subject();
    const tenant = randomUUID();
    const metricId = randomUUID();
    const [old, fresh] = [fileKey(1), fileKey(2)];
    await client.send(
      new PutCommand({
        TableName: tables.rollups.name,
        Item: {
          pk: `rollup#${tenant}#${metricId}#v1`,
          sk: `${String(minute(0) / 60).padStart(10, '0')}#[]`,
          minute: minute(0),
          dims: '[]',
          count: 5,
          sum: 0,
          tokens: [old],
          rev: 1,
          expiresAt: minute(0) + 86_400,
        },
      }),
    );
    const one = [{ metricId, version: 1, minute: minute(0), dims: [], cell: cellOf('count', [1]) }];

    const retried = await store.apply(tenant, old, one);
    const next = await store.apply(tenant, fresh, one);
    const again = await store.apply(tenant, old, one);

    expect([retried.applied, next.applied, again.applied]).toEqual([0, 1, 0]);
    expect((await store.read(tenant, metricId, 1, minute(0), minute(1)))[0]?.cell.count).toBe(6);
  });
});

describe('DynamoRollupStore on dynalite: the cells a warm writer remembers', () => {
  const store = (cachedCells?: number) => {
    if (!stack) throw new Error('the stand-ins did not start');
    const shared = stack.runtime.client(dynamoDocumentClient);
    let batchGets = 0;
    // This store's own calls counted: the client is shared by every store of the run.
    const client = {
      send: (command: Parameters<typeof shared.send>[0]) => {
        if (command instanceof BatchGetCommand) batchGets++;
        return shared.send(command);
      },
    } as unknown as typeof shared;
    const subject = new DynamoRollupStore(client, {
      tableName: tables.rollups.name,
      ...definedProps({ cachedCells }),
    });
    return { subject, batchGets: () => batchGets };
  };

  it('reads a cell it wrote only once, and loses no count another writer added meanwhile', async () => {
    const tenant = randomUUID();
    const metricId = randomUUID();
    const one = [{ metricId, version: 1, minute: minute(0), dims: [], cell: cellOf('count', [1]) }];
    const warm = store();
    const other = store();

    for (let batch = 0; batch < 5; batch++) await warm.subject.apply(tenant, `w${batch}`, one);
    // Another writer (a second container) takes the cell; the warm one's remembered item is stale.
    await other.subject.apply(tenant, 'o1', one);
    const next = await warm.subject.apply(tenant, 'w5', one);
    // A retry of a batch the other writer took is still skipped, and one of the warm writer's too.
    const retried = await warm.subject.apply(tenant, 'o1', one);
    const again = await warm.subject.apply(tenant, 'w2', one);

    expect(warm.batchGets()).toBe(1);
    expect([next.applied, retried.applied, again.applied]).toEqual([1, 0, 0]);
    expect((await warm.subject.read(tenant, metricId, 1, minute(0), minute(1)))[0]?.cell.count).toBe(7);
  });

  it('reads a cell again once it has forgotten it (cachedCells)', async () => {
    const tenant = randomUUID();
    const metricId = randomUUID();
    const at = (m: number) => [
      { metricId, version: 1, minute: minute(m), dims: [], cell: cellOf('count', [1]) },
    ];
    const warm = store(1);

    await warm.subject.apply(tenant, 'a', at(0));
    await warm.subject.apply(tenant, 'b', at(1));
    await warm.subject.apply(tenant, 'c', at(0));

    expect(warm.batchGets()).toBe(3);
    expect(
      (await warm.subject.read(tenant, metricId, 1, minute(0), minute(2))).map((c) => c.cell.count),
    ).toEqual([2, 1]);
  });
});
