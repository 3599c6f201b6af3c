/** ModelRegistry on Postgres: versions allocated and promoted under a per-model row lock. */
import { definedProps } from '../../domain/defined-props';
import type { JsonValue, ModelStage, ModelSummary, ModelVersion } from '../../domain/models/model-version';
import type { PromotionPolicy, PromotionResult, PromotionTarget } from '../../domain/models/promotion-policy';
import type { EndpointVariant, VariantAssignment } from '../../domain/models/variant-assignment';
import type {
  ModelRegistry,
  NewModelVersion,
  RegistrationResult,
  RegistryPage,
} from '../../ports/model-registry';
import type { SqlClient, SqlPool } from '../../ports/sql-pool';
import { inTransaction } from './in-transaction';

interface ModelRow {
  name: string;
  description: string | null;
  latest_version: number;
  production_version: number | null;
  created_at: Date;
  updated_at: Date;
}

interface VersionRow {
  model_name: string;
  version: number;
  algorithm: string;
  hyperparameters: Record<string, JsonValue>;
  scores: Record<string, number>;
  artifact: string;
  stage: ModelStage;
  created_by: string;
  request_fingerprint: string;
  created_at: Date;
  updated_at: Date;
  promoted_at: Date | null;
  archived_at: Date | null;
}

interface VariantRow {
  endpoint_name: string;
  variant_name: string;
  model_name: string;
  model_version: number;
  weight: number;
  updated_at: Date;
}

const selectModel = `SELECT m.name, m.description, m.latest_version, m.created_at, m.updated_at,
    (SELECT p.version FROM model_versions p WHERE p.model_name = m.name AND p.stage = 'production') AS production_version
  FROM models m`;

function toModel(row: ModelRow): ModelSummary {
  return definedProps({
    name: row.name,
    description: row.description ?? undefined,
    latestVersion: row.latest_version,
    productionVersion: row.production_version ?? undefined,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });
}

function toVersion(row: VersionRow): ModelVersion {
  return {
    modelName: row.model_name,
    version: row.version,
    algorithm: row.algorithm,
    hyperparameters: row.hyperparameters,
    scores: row.scores,
    artifact: row.artifact,
    stage: row.stage,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...definedProps({
      promotedAt: row.promoted_at?.toISOString(),
      archivedAt: row.archived_at?.toISOString(),
    }),
  };
}

function toVariant(row: VariantRow): EndpointVariant {
  return {
    endpointName: row.endpoint_name,
    variantName: row.variant_name,
    modelName: row.model_name,
    version: row.model_version,
    weight: row.weight,
    updatedAt: row.updated_at.toISOString(),
  };
}

function firstRow<T>(rows: readonly T[], what: string): T {
  const row = rows[0];
  if (!row) throw new Error(`${what} returned no row`);
  return row;
}

export class PostgresModelRegistry implements ModelRegistry {
  constructor(private readonly pool: SqlPool) {}

  registerVersion(input: NewModelVersion): Promise<RegistrationResult> {
    return inTransaction(this.pool, async (client) => {
      // Create-or-lock the model row: concurrent registrations queue on it for their numbers.
      await client.query('INSERT INTO models (name, description) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        input.modelName,
        input.description ?? null,
      ]);
      const locked = await client.query<{ latest_version: number }>(
        'SELECT latest_version FROM models WHERE name = $1 FOR UPDATE',
        [input.modelName],
      );
      const latest = firstRow(locked.rows, 'SELECT models FOR UPDATE').latest_version;
      if (input.idempotencyKey !== undefined) {
        const earlier = await client.query<VersionRow>(
          'SELECT * FROM model_versions WHERE model_name = $1 AND idempotency_key = $2',
          [input.modelName, input.idempotencyKey],
        );
        const row = earlier.rows[0];
        if (row) return { kind: 'replayed', version: toVersion(row), fingerprint: row.request_fingerprint };
      }
      const version = latest + 1;
      await client.query(
        `UPDATE models SET latest_version = $2, description = COALESCE($3, description), updated_at = now()
         WHERE name = $1`,
        [input.modelName, version, input.description ?? null],
      );
      const inserted = await client.query<VersionRow>(
        `INSERT INTO model_versions (model_name, version, algorithm, hyperparameters, scores, artifact,
           created_by, idempotency_key, request_fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          input.modelName,
          version,
          input.algorithm,
          JSON.stringify(input.hyperparameters),
          JSON.stringify(input.scores),
          input.artifact,
          input.createdBy,
          input.idempotencyKey ?? null,
          input.fingerprint,
        ],
      );
      return { kind: 'created', version: toVersion(firstRow(inserted.rows, 'INSERT INTO model_versions')) };
    });
  }

  async findModel(name: string): Promise<ModelSummary | null> {
    const { rows } = await this.pool.query<ModelRow>(`${selectModel} WHERE m.name = $1`, [name]);
    return rows[0] ? toModel(rows[0]) : null;
  }

  async findVersion(modelName: string, version: number): Promise<ModelVersion | null> {
    const { rows } = await this.pool.query<VersionRow>(
      'SELECT * FROM model_versions WHERE model_name = $1 AND version = $2',
      [modelName, version],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  async listModels(page: { limit: number; after?: string | undefined }): Promise<RegistryPage<ModelSummary>> {
    // Byte order ("C"), so the cursor compares the same way here as in every client.
    const { rows } = await this.pool.query<ModelRow>(
      `${selectModel} WHERE ($1::text IS NULL OR m.name COLLATE "C" > $1::text COLLATE "C")
       ORDER BY m.name COLLATE "C" LIMIT $2`,
      [page.after ?? null, page.limit + 1],
    );
    return { items: rows.slice(0, page.limit).map(toModel), hasMore: rows.length > page.limit };
  }

  async listVersions(
    modelName: string,
    page: { limit: number; before?: number | undefined },
  ): Promise<RegistryPage<ModelVersion>> {
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT * FROM model_versions WHERE model_name = $1 AND ($2::integer IS NULL OR version < $2)
       ORDER BY version DESC LIMIT $3`,
      [modelName, page.before ?? null, page.limit + 1],
    );
    return { items: rows.slice(0, page.limit).map(toVersion), hasMore: rows.length > page.limit };
  }

  promote(modelName: string, target: PromotionTarget, policy: PromotionPolicy): Promise<PromotionResult> {
    return inTransaction(this.pool, async (client) => {
      // Every production change of a model queues on its row, so each one sees the state the
      // previous one committed; the partial unique index backs this up.
      const modelRows = await client.query<ModelRow>(`${selectModel} WHERE m.name = $1 FOR UPDATE OF m`, [
        modelName,
      ]);
      const model = modelRows.rows[0] ? toModel(modelRows.rows[0]) : null;
      const production = model ? await this.productionOf(client, modelName) : null;
      const targetVersion = model ? await this.targetOf(client, modelName, target) : null;
      const go = policy({ model, production, target: targetVersion });
      if (!targetVersion) throw new Error(`promotion policy approved a missing target of ${modelName}`);
      if (!go) return { changed: false, production: targetVersion, archived: null };

      let archived: ModelVersion | null = null;
      // clock_timestamp(), not now(): a transaction that waited for the lock must still record
      // a later time than the one it waited for, or "most recently archived" would be wrong.
      if (production && production.version !== targetVersion.version) {
        const demoted = await client.query<VersionRow>(
          `UPDATE model_versions SET stage = 'archived', archived_at = clock_timestamp(), updated_at = clock_timestamp()
           WHERE model_name = $1 AND version = $2 RETURNING *`,
          [modelName, production.version],
        );
        archived = toVersion(firstRow(demoted.rows, 'UPDATE model_versions (archive)'));
      }
      const promoted = await client.query<VersionRow>(
        `UPDATE model_versions SET stage = 'production', promoted_at = clock_timestamp(), updated_at = clock_timestamp()
         WHERE model_name = $1 AND version = $2 RETURNING *`,
        [modelName, targetVersion.version],
      );
      await client.query('UPDATE models SET updated_at = clock_timestamp() WHERE name = $1', [modelName]);
      return {
        changed: true,
        production: toVersion(firstRow(promoted.rows, 'UPDATE model_versions (promote)')),
        archived,
      };
    });
  }

  replaceEndpointVariants(
    endpointName: string,
    variants: readonly VariantAssignment[],
    updatedBy: string,
  ): Promise<readonly EndpointVariant[]> {
    return inTransaction(this.pool, async (client) => {
      // Serialises replacements of one endpoint (there may be no row yet to lock).
      await client.query("SELECT pg_advisory_xact_lock(hashtext('endpoint:' || $1))", [endpointName]);
      await client.query('DELETE FROM endpoint_variants WHERE endpoint_name = $1', [endpointName]);
      for (const v of variants) {
        await client.query(
          `INSERT INTO endpoint_variants (endpoint_name, variant_name, model_name, model_version, weight, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [endpointName, v.variantName, v.modelName, v.version, v.weight, updatedBy],
        );
      }
      return this.variantsOf(client, endpointName);
    });
  }

  listEndpointVariants(endpointName: string): Promise<readonly EndpointVariant[]> {
    return this.variantsOf(this.pool, endpointName);
  }

  private async variantsOf(client: SqlPool | SqlClient, endpointName: string): Promise<EndpointVariant[]> {
    const { rows } = await client.query<VariantRow>(
      'SELECT * FROM endpoint_variants WHERE endpoint_name = $1 ORDER BY variant_name COLLATE "C"',
      [endpointName],
    );
    return rows.map(toVariant);
  }

  private async productionOf(client: SqlClient, modelName: string): Promise<ModelVersion | null> {
    const { rows } = await client.query<VersionRow>(
      "SELECT * FROM model_versions WHERE model_name = $1 AND stage = 'production'",
      [modelName],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  private async targetOf(
    client: SqlClient,
    modelName: string,
    target: PromotionTarget,
  ): Promise<ModelVersion | null> {
    const { rows } =
      target.kind === 'version'
        ? await client.query<VersionRow>(
            'SELECT * FROM model_versions WHERE model_name = $1 AND version = $2',
            [modelName, target.version],
          )
        : await client.query<VersionRow>(
            `SELECT * FROM model_versions
             WHERE model_name = $1 AND stage = 'archived' AND promoted_at IS NOT NULL
             ORDER BY archived_at DESC, version DESC LIMIT 1`,
            [modelName],
          );
    return rows[0] ? toVersion(rows[0]) : null;
  }
}
