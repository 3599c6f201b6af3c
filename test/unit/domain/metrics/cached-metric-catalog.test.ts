import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedMetricCatalog } from '../../../../shared/domain/metrics/cached-metric-catalog';
import type { MetricSpec } from '../../../../shared/domain/metrics/metric-definition';
import { TENANT_A, TENANT_B } from '../../../support/events';
import { InMemoryMetricCatalog } from '../../../support/twins/in-memory-metric-catalog';

const spec = (aggregation: MetricSpec['aggregation']): MetricSpec => ({
  dataset: 'events',
  aggregation,
  filter: [],
  dimensions: [],
  timeField: 'timestamp',
});

describe('cached metric catalog', () => {
  let clock: number;
  let backing: InMemoryMetricCatalog;
  /** Another container's view of the same catalog: changes made here reach it only past the TTL. */
  let elsewhere: ReturnType<typeof cachedMetricCatalog>;
  let here: ReturnType<typeof cachedMetricCatalog>;
  let metricId: string;

  beforeEach(async () => {
    clock = 0;
    backing = new InMemoryMetricCatalog();
    elsewhere = cachedMetricCatalog(backing, 5_000, () => clock);
    here = cachedMetricCatalog(backing, 5_000, () => clock);
    ({ metricId } = (await here.define(TENANT_A, 'm-1', 'signups', spec('count'))).metric);
  });

  it('answers a found definition from memory until the TTL, then reads it again', async () => {
    expect((await elsewhere.find(TENANT_A, metricId))?.version).toBe(1);
    await backing.define(TENANT_A, 'unused', 'signups', spec('sum'));

    clock = 4_999;
    const kept = await elsewhere.find(TENANT_A, metricId);
    clock = 5_000;
    const reread = await elsewhere.find(TENANT_A, metricId);

    expect([kept?.version, reread?.version]).toEqual([1, 2]);
  });

  it('reads a definition asked for past half its TTL again in the background, so a steady caller never waits', async () => {
    await elsewhere.find(TENANT_A, metricId);
    await backing.define(TENANT_A, 'unused', 'signups', spec('sum'));
    const reads = vi.spyOn(backing, 'find');

    clock = 2_000;
    const early = await elsewhere.find(TENANT_A, metricId);
    clock = 3_000;
    const late = await elsewhere.find(TENANT_A, metricId);
    await new Promise((resolve) => setImmediate(resolve));
    const readsBefore = reads.mock.calls.length;
    // Past the first read's TTL, within the background read's first half.
    clock = 5_400;
    const after = await elsewhere.find(TENANT_A, metricId);

    expect([early?.version, late?.version, after?.version]).toEqual([1, 1, 2]);
    expect([readsBefore, reads.mock.calls.length]).toEqual([1, 1]);
  });

  it('keeps no background read that a change made here overtook', async () => {
    await here.find(TENANT_A, metricId);
    const find = backing.find.bind(backing);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(backing, 'find').mockImplementationOnce(async (tenantId, id) => {
      const before = await find(tenantId, id);
      await held;
      return before;
    });

    clock = 3_000;
    await here.find(TENANT_A, metricId);
    await here.define(TENANT_A, 'unused', 'signups', spec('sum'));
    release();
    await new Promise((resolve) => setImmediate(resolve));

    expect((await here.find(TENANT_A, metricId))?.version).toBe(2);
  });

  it('drops what it changes or removes itself at once', async () => {
    await here.find(TENANT_A, metricId);

    await here.define(TENANT_A, 'unused', 'signups', spec('sum'));
    const changed = await here.find(TENANT_A, metricId);
    await here.remove(TENANT_A, metricId);

    expect(changed?.version).toBe(2);
    expect(await here.find(TENANT_A, metricId)).toBeNull();
  });

  it('keeps no miss, and no definition under another tenant', async () => {
    expect(await here.find(TENANT_A, 'm-2')).toBeNull();
    const { metric } = await backing.define(TENANT_A, 'm-2', 'views', spec('count'));

    expect(await here.find(TENANT_A, metric.metricId)).toEqual(metric);
    expect(await here.find(TENANT_B, metricId)).toBeNull();
  });
});
