/** Port for tenants' metric definitions (Postgres), versioned: a changed definition is a new version. */
import type { MetricDefinition, MetricSpec } from '../domain/metrics/metric-definition';

export interface MetricCatalog {
  /**
   * Creates the metric named `name`, or gives an existing one of that name a new version when
   * its spec differs. `metricId` is used only when the name is new.
   */
  define(
    tenantId: string,
    metricId: string,
    name: string,
    spec: MetricSpec,
  ): Promise<{ metric: MetricDefinition; created: boolean; changed: boolean }>;
  find(tenantId: string, metricId: string): Promise<MetricDefinition | null>;
  list(tenantId: string): Promise<readonly MetricDefinition[]>;
  /** The tenant's metrics over one dataset: what the rollup updater computes per batch. */
  listForDataset(tenantId: string, dataset: string): Promise<readonly MetricDefinition[]>;
  /** Every tenant's metrics, for the platform's scheduled anomaly scorer (never for a tenant's request). */
  listAll(): Promise<readonly MetricDefinition[]>;
  /** True when the metric existed (and is now gone). */
  remove(tenantId: string, metricId: string): Promise<boolean>;
}
