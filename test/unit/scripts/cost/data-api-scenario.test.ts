/**
 * The Data API on prod: as configured since issue 13 (`database.access: data-api`), and as the
 * scenario applied to prod on connections (RDS Proxy, every database function in the VPC): no
 * RDS Proxy, only the endpoints the stage keeps with database access `data-api` (what the infra
 * derives), and a Data API line that grows with the traffic (the authorizer's calls; the per-minute
 * functions' stay with the metrics).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInfraConfig } from '../../../../infra/config/deployment-config';
import { interfaceEndpointServices } from '../../../../infra/config/stage-resources';
import {
  costOf,
  type Deployment,
  type Measurements,
  type Prices,
  type Workload,
} from '../../../../scripts/cost/cost-model';
import { deploymentShape } from '../../../../scripts/cost/deployment-shape';
import { defaultAssumptions, scenarios } from '../../../../scripts/cost/scenarios';

const root = process.cwd();
const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, 'scripts/cost', file), 'utf8')) as T;
const measured = read<Measurements>('measurements.json');
const priceTable = read<{ hoursPerMonth: number; regions: Record<string, Prices> }>('prices.json');
const prices: Prices = { ...priceTable.regions['eu-west-1'], hoursPerMonth: priceTable.hoursPerMonth };
const workload = read<Workload>('workloads/gap.json');

const dataApi = scenarios.find((s) => s.name === 'RDS Data API instead of VPC functions + RDS Proxy');
const item = (report: ReturnType<typeof costOf>, component: string) =>
  report.items.find((i) => i.component === component);

describe('the RDS Data API scenario', () => {
  it('drops RDS Proxy and the endpoints only the VPC functions needed, and bills Data API calls by traffic', () => {
    if (!dataApi) throw new Error('no Data API scenario');
    const configured = deploymentShape('prod', root);
    // prod as it was before the switch: connections through RDS Proxy from the VPC.
    const stage = parseInfraConfig(
      (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: { nexus: unknown } }).context
        .nexus,
    ).stages['prod'];
    if (!stage) throw new Error('no prod stage');
    const onConnections = {
      ...stage,
      database: { ...stage.database, proxy: true, access: 'connection' as const },
    };
    const prod: Deployment = {
      ...configured,
      network: { ...configured.network, interfaceEndpoints: interfaceEndpointServices(onConnections).length },
      database: { ...configured.database, proxy: true, access: 'connection' },
      secrets: configured.secrets - 1,
    };
    const changed: Deployment = dataApi.apply(prod);
    const cost = (w: Workload, d: Deployment) => costOf(w, d, measured, defaultAssumptions, prices);

    const before = cost(workload, prod);
    const after = cost(workload, changed);
    const tenfold = cost({ ...workload, eventsPerSecond: workload.eventsPerSecond * 10 }, changed);

    expect(item(before, 'RDS Proxy')).toBeDefined();
    expect(item(after, 'RDS Proxy')).toBeUndefined();
    expect(changed.network.interfaceEndpoints).toBe(prod.network.interfaceEndpointsWithDataApi);
    expect(changed.network.interfaceEndpoints).toBeLessThan(prod.network.interfaceEndpoints);
    expect(item(after, 'VPC interface endpoints')?.fixed ?? 0).toBeLessThan(
      item(before, 'VPC interface endpoints')?.fixed ?? 0,
    );
    expect(item(before, 'RDS Data API')).toBeUndefined();
    const calls = item(after, 'RDS Data API')?.variable ?? 0;
    expect(calls).toBeGreaterThan(0);
    // The per-minute functions' calls stay with the metrics; the authorizer's grow with the requests.
    const requests = (workload.eventsPerSecond * 3600 * priceTable.hoursPerMonth) / workload.eventsPerRequest;
    const perRequest =
      measured.handlers['api-key-authorizer'].overDataApi.sdkCallsPerInvocation[
        'rds-data ExecuteStatement'
      ] ?? 0;
    expect(perRequest).toBeGreaterThan(0);
    expect((item(tenfold, 'RDS Data API')?.variable ?? 0) - calls).toBeCloseTo(
      ((9 * requests * perRequest) / 1e6) * Number(prices['rdsDataApiPerMillionRequests']),
      6,
    );
    expect(after.fixed).toBeLessThan(before.fixed);
    // The application login's secret; prod as configured is that shape, and the scenario keeps it.
    expect(changed.secrets).toBe(prod.secrets + 1);
    expect(configured.database).toMatchObject({ proxy: false, access: 'data-api' });
    expect(dataApi.apply(configured)).toEqual(configured);
    expect(cost(workload, configured).total).toBeCloseTo(after.total, 6);
  });
});
