/** In-memory twin of the MetricCatalog port: names unique per tenant, a changed spec is a new version. */

import { definedProps } from '../../../shared/domain/defined-props';
import {
  type MetricDefinition,
  type MetricSpec,
  sameSpec,
} from '../../../shared/domain/metrics/metric-definition';
import type { MetricCatalog } from '../../../shared/ports/metric-catalog';

export class InMemoryMetricCatalog implements MetricCatalog {
  private readonly metrics = new Map<string, MetricDefinition>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async define(tenantId: string, metricId: string, name: string, spec: MetricSpec) {
    const current = [...this.metrics.values()].find((m) => m.tenantId === tenantId && m.name === name);
    if (current && sameSpec(current, spec)) return { metric: current, created: false, changed: false };
    const at = this.now().toISOString();
    const metric: MetricDefinition = {
      metricId: current?.metricId ?? metricId,
      tenantId,
      name,
      dataset: spec.dataset,
      aggregation: spec.aggregation,
      ...definedProps({ field: spec.field }),
      filter: spec.filter,
      dimensions: spec.dimensions,
      timeField: spec.timeField,
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? at,
      updatedAt: at,
    };
    this.metrics.set(metric.metricId, metric);
    return { metric, created: !current, changed: true };
  }

  async find(tenantId: string, metricId: string) {
    const metric = this.metrics.get(metricId);
    return metric && metric.tenantId === tenantId ? metric : null;
  }

  async list(tenantId: string) {
    return [...this.metrics.values()]
      .filter((m) => m.tenantId === tenantId)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async listForDataset(tenantId: string, dataset: string) {
    return (await this.list(tenantId)).filter((m) => m.dataset === dataset);
  }

  async listAll() {
    return [...this.metrics.values()];
  }

  async remove(tenantId: string, metricId: string) {
    if (!(await this.find(tenantId, metricId))) return false;
    return this.metrics.delete(metricId);
  }
}
