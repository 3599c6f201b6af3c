/** In-memory twin of the DatasetCatalog port: versioned schemas per tenant, built-in `events` included. */

import type { DatasetSummary } from '../../../shared/domain/catalog/dataset-schema';
import {
  type DatasetSchema,
  eventsDatasetSchema,
  type FieldDef,
} from '../../../shared/domain/catalog/dataset-schema';
import { definedProps } from '../../../shared/domain/defined-props';
import type { DatasetCatalog } from '../../../shared/ports/dataset-catalog';

export class InMemoryDatasetCatalog implements DatasetCatalog {
  private readonly versions = new Map<string, DatasetSummary[]>();
  readonly calls = { find: 0, findVersion: 0, list: 0, register: 0 };

  constructor(private readonly now: () => Date = () => new Date('2026-01-01T00:00:00.000Z')) {}

  private builtIn(): DatasetSummary {
    return { ...eventsDatasetSchema, builtIn: true, updatedAt: '2026-01-01T00:00:00.000Z' };
  }

  async find(tenantId: string, name: string): Promise<DatasetSummary | null> {
    this.calls.find++;
    if (name === eventsDatasetSchema.dataset) return this.builtIn();
    return this.versions.get(`${tenantId}/${name}`)?.at(-1) ?? null;
  }

  async findVersion(tenantId: string, name: string, version: number): Promise<DatasetSchema | null> {
    this.calls.findVersion++;
    if (name === eventsDatasetSchema.dataset) return version === 1 ? eventsDatasetSchema : null;
    return this.versions.get(`${tenantId}/${name}`)?.find((v) => v.version === version) ?? null;
  }

  async list(tenantId: string): Promise<readonly DatasetSummary[]> {
    this.calls.list++;
    const own = [...this.versions.entries()]
      .filter(([key]) => key.startsWith(`${tenantId}/`))
      .map(([, versions]) => versions.at(-1) as DatasetSummary);
    return [this.builtIn(), ...own];
  }

  async register(
    tenantId: string,
    name: string,
    fields: readonly FieldDef[],
    description: string | undefined,
  ): Promise<{ dataset: DatasetSummary; created: boolean; changed: boolean }> {
    this.calls.register++;
    const key = `${tenantId}/${name}`;
    const versions = this.versions.get(key) ?? [];
    const current = versions.at(-1);
    // Compared by value, as Postgres does: the same fields with keys in another order are no change.
    const canonical = (list: readonly FieldDef[]) =>
      JSON.stringify(list.map((f) => [f.name, f.type, f.required, f.description ?? null]));
    if (current && canonical(current.fields) === canonical(fields)) {
      return { dataset: current, created: false, changed: false };
    }
    const dataset: DatasetSummary = {
      dataset: name,
      version: (current?.version ?? 0) + 1,
      fields,
      builtIn: false,
      updatedAt: this.now().toISOString(),
      ...definedProps({ description }),
    };
    this.versions.set(key, [...versions, dataset]);
    return { dataset, created: !current, changed: true };
  }
}
