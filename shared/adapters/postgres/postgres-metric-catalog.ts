/** MetricCatalog on Postgres: a row per metric and one per version of its spec, read through the tenant. */
import { definedProps } from '../../domain/defined-props';
import { type MetricDefinition, type MetricSpec, sameSpec } from '../../domain/metrics/metric-definition';
import type { MetricCatalog } from '../../ports/metric-catalog';
import type { SqlClient, SqlPool } from '../../ports/sql-pool';
import { pageRows, readPages } from './read-pages';
import { defineNextVersion } from './versioned-definition';

interface MetricRow {
  id: string;
  tenant_id: string;
  name: string;
  current_version: number;
  spec: MetricSpec;
  created_at: Date;
  version_created_at: Date;
}

const selectCurrent = `SELECT m.id, m.tenant_id, m.name, m.current_version, v.spec, m.created_at,
  v.created_at AS version_created_at
  FROM metrics m JOIN metric_versions v ON v.metric_id = m.id AND v.version = m.current_version`;

function toDefinition(row: MetricRow): MetricDefinition {
  const { spec } = row;
  return {
    metricId: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    dataset: spec.dataset,
    aggregation: spec.aggregation,
    ...definedProps({ field: spec.field }),
    filter: spec.filter,
    dimensions: spec.dimensions,
    timeField: spec.timeField,
    version: row.current_version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.version_created_at.toISOString(),
  };
}

export class PostgresMetricCatalog implements MetricCatalog {
  constructor(private readonly pool: SqlPool) {}

  async define(
    tenantId: string,
    metricId: string,
    name: string,
    spec: MetricSpec,
  ): Promise<{ metric: MetricDefinition; created: boolean; changed: boolean }> {
    const { value, created, changed } = await defineNextVersion<
      { id: string; current_version: number },
      MetricDefinition
    >(this.pool, {
      createHead: [
        `INSERT INTO metrics (id, tenant_id, name, dataset, current_version) VALUES ($1, $2, $3, $4, 0)
           ON CONFLICT (tenant_id, name) DO NOTHING`,
        [metricId, tenantId, name, spec.dataset],
      ],
      lockHead: [
        'SELECT id, current_version FROM metrics WHERE tenant_id = $1 AND name = $2 FOR UPDATE',
        [tenantId, name],
      ],
      current: (client, head) => this.findIn(client, tenantId, head.id),
      unchanged: (current) => sameSpec(current, spec),
      writeVersion: async (client, head, version) => {
        await client.query(
          'UPDATE metrics SET current_version = $2, dataset = $3, updated_at = now() WHERE id = $1',
          [head.id, version, spec.dataset],
        );
        await client.query('INSERT INTO metric_versions (metric_id, version, spec) VALUES ($1, $2, $3)', [
          head.id,
          version,
          JSON.stringify(spec),
        ]);
      },
    });
    return { metric: value, created, changed };
  }

  private async findIn(client: SqlPool | SqlClient, tenantId: string, metricId: string) {
    const { rows } = await client.query<MetricRow>(`${selectCurrent} WHERE m.tenant_id = $1 AND m.id = $2`, [
      tenantId,
      metricId,
    ]);
    return rows[0] ? toDefinition(rows[0]) : null;
  }

  find(tenantId: string, metricId: string): Promise<MetricDefinition | null> {
    return this.findIn(this.pool, tenantId, metricId);
  }

  async list(tenantId: string): Promise<readonly MetricDefinition[]> {
    const rows = await readPages<MetricRow>(pageRows.definitions, async (after, limit) => {
      const page = await this.pool.query<MetricRow>(
        `${selectCurrent} WHERE m.tenant_id = $1 AND ($2::text IS NULL OR m.name > $2::text) ORDER BY m.name LIMIT $3`,
        [tenantId, after?.name ?? null, limit],
      );
      return page.rows;
    });
    return rows.map(toDefinition);
  }

  async listForDataset(tenantId: string, dataset: string): Promise<readonly MetricDefinition[]> {
    const rows = await readPages<MetricRow>(pageRows.definitions, async (after, limit) => {
      const page = await this.pool.query<MetricRow>(
        `${selectCurrent} WHERE m.tenant_id = $1 AND m.dataset = $2 AND ($3::text IS NULL OR m.name > $3::text)
         ORDER BY m.name LIMIT $4`,
        [tenantId, dataset, after?.name ?? null, limit],
      );
      return page.rows;
    });
    return rows.map(toDefinition);
  }

  async listAll(): Promise<readonly MetricDefinition[]> {
    const rows = await readPages<MetricRow>(pageRows.definitions, async (after, limit) => {
      const page = await this.pool.query<MetricRow>(
        `${selectCurrent} WHERE ($1::uuid IS NULL OR (m.tenant_id, m.name) > ($1::uuid, $2::text))
         ORDER BY m.tenant_id, m.name LIMIT $3`,
        [after?.tenant_id ?? null, after?.name ?? null, limit],
      );
      return page.rows;
    });
    return rows.map(toDefinition);
  }

  async remove(tenantId: string, metricId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM metrics WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      metricId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }
}
