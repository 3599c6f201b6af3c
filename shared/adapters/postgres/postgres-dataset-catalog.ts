/** DatasetCatalog on Postgres: datasets with versioned field lists; `events` is built in. */
import type { DatasetSummary } from '../../domain/catalog/dataset-schema';
import { type DatasetSchema, eventsDatasetSchema, type FieldDef } from '../../domain/catalog/dataset-schema';
import { definedProps } from '../../domain/defined-props';
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import type { SqlPool } from '../../ports/sql-pool';
import { pageRows, readPages } from './read-pages';
import { defineNextVersion } from './versioned-definition';

const builtIns: readonly DatasetSchema[] = [eventsDatasetSchema];
const builtInSince = new Date(0).toISOString();

function builtInSummary(schema: DatasetSchema): DatasetSummary {
  return {
    ...schema,
    builtIn: true,
    updatedAt: builtInSince,
    description: 'Built-in product events dataset',
  };
}

interface DatasetRow {
  name: string;
  current_version: number;
  description: string | null;
  updated_at: Date;
  fields: FieldDef[];
}

function toSummary(row: DatasetRow): DatasetSummary {
  return {
    dataset: row.name,
    version: row.current_version,
    fields: row.fields,
    builtIn: false,
    updatedAt: row.updated_at.toISOString(),
    ...definedProps({ description: row.description || undefined }),
  };
}

/** jsonb reorders object keys, so fields are compared by value, not by their serialisation. */
function sameFields(a: readonly FieldDef[], b: readonly FieldDef[]): boolean {
  const canonical = (fields: readonly FieldDef[]) =>
    JSON.stringify(fields.map((f) => [f.name, f.type, f.required ?? false, f.description ?? null]));
  return canonical(a) === canonical(b);
}

const selectCurrent = `SELECT d.name, d.current_version, d.description, d.updated_at, v.fields
  FROM datasets d JOIN dataset_versions v
    ON v.tenant_id = d.tenant_id AND v.name = d.name AND v.version = d.current_version`;

export class PostgresDatasetCatalog implements DatasetCatalog {
  constructor(private readonly pool: SqlPool) {}

  async find(tenantId: string, name: string): Promise<DatasetSummary | null> {
    const builtIn = builtIns.find((b) => b.dataset === name);
    if (builtIn) return builtInSummary(builtIn);
    const { rows } = await this.pool.query<DatasetRow>(
      `${selectCurrent} WHERE d.tenant_id = $1 AND d.name = $2`,
      [tenantId, name],
    );
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async findVersion(tenantId: string, name: string, version: number): Promise<DatasetSchema | null> {
    const builtIn = builtIns.find((b) => b.dataset === name);
    if (builtIn) return builtIn.version === version ? builtIn : null;
    const { rows } = await this.pool.query<{ fields: FieldDef[] }>(
      'SELECT fields FROM dataset_versions WHERE tenant_id = $1 AND name = $2 AND version = $3',
      [tenantId, name, version],
    );
    return rows[0] ? { dataset: name, version, fields: rows[0].fields } : null;
  }

  async list(tenantId: string): Promise<readonly DatasetSummary[]> {
    const rows = await readPages<DatasetRow>(pageRows.schemas, async (after, limit) => {
      const page = await this.pool.query<DatasetRow>(
        `${selectCurrent} WHERE d.tenant_id = $1 AND ($2::text IS NULL OR d.name > $2::text) ORDER BY d.name LIMIT $3`,
        [tenantId, after?.name ?? null, limit],
      );
      return page.rows;
    });
    return [...builtIns.map(builtInSummary), ...rows.map(toSummary)];
  }

  async register(
    tenantId: string,
    name: string,
    fields: readonly FieldDef[],
    description: string | undefined,
  ): Promise<{ dataset: DatasetSummary; created: boolean; changed: boolean }> {
    const { value, created, changed } = await defineNextVersion<{ current_version: number }, DatasetRow>(
      this.pool,
      {
        createHead: [
          'INSERT INTO datasets (tenant_id, name, current_version, description) VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING',
          [tenantId, name, description ?? null],
        ],
        lockHead: [
          'SELECT current_version FROM datasets WHERE tenant_id = $1 AND name = $2 FOR UPDATE',
          [tenantId, name],
        ],
        current: async (client) =>
          (
            await client.query<DatasetRow>(`${selectCurrent} WHERE d.tenant_id = $1 AND d.name = $2`, [
              tenantId,
              name,
            ])
          ).rows[0] ?? null,
        unchanged: (current) => sameFields(current.fields, fields),
        writeVersion: async (client, _head, version) => {
          await client.query(
            'UPDATE datasets SET current_version = $3, description = COALESCE($4, description), updated_at = now() WHERE tenant_id = $1 AND name = $2',
            [tenantId, name, version, description ?? null],
          );
          await client.query(
            'INSERT INTO dataset_versions (tenant_id, name, version, fields) VALUES ($1, $2, $3, $4)',
            [tenantId, name, version, JSON.stringify(fields)],
          );
        },
      },
    );
    return { dataset: toSummary(value), created, changed };
  }
}
