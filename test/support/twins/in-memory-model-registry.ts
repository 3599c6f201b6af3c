/** In-memory twin of the ModelRegistry port, with the Postgres adapter's numbering and promotion rules. */

import { definedProps } from '../../../shared/domain/defined-props';
import type { ModelSummary, ModelVersion } from '../../../shared/domain/models/model-version';
import type {
  PromotionPolicy,
  PromotionResult,
  PromotionTarget,
} from '../../../shared/domain/models/promotion-policy';
import type { EndpointVariant, VariantAssignment } from '../../../shared/domain/models/variant-assignment';
import type {
  ModelRegistry,
  NewModelVersion,
  RegistrationResult,
  RegistryPage,
} from '../../../shared/ports/model-registry';

interface StoredModel {
  name: string;
  description?: string;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

interface StoredVersion {
  version: ModelVersion;
  idempotencyKey?: string;
  fingerprint: string;
}

export class InMemoryModelRegistry implements ModelRegistry {
  private readonly models = new Map<string, StoredModel>();
  private readonly versions = new Map<string, StoredVersion[]>();
  private readonly endpoints = new Map<string, EndpointVariant[]>();
  private tick = 0;

  /** Strictly increasing timestamps, so "most recently archived" is well defined. */
  private now(): string {
    this.tick += 1;
    return new Date(Date.UTC(2026, 0, 1) + this.tick).toISOString();
  }

  async registerVersion(input: NewModelVersion): Promise<RegistrationResult> {
    const versions = this.versions.get(input.modelName) ?? [];
    const earlier = versions.find(
      (v) => input.idempotencyKey !== undefined && v.idempotencyKey === input.idempotencyKey,
    );
    if (earlier) return { kind: 'replayed', version: earlier.version, fingerprint: earlier.fingerprint };
    const at = this.now();
    const model = this.models.get(input.modelName) ?? {
      name: input.modelName,
      latestVersion: 0,
      createdAt: at,
      updatedAt: at,
    };
    model.latestVersion += 1;
    model.updatedAt = at;
    if (input.description !== undefined) model.description = input.description;
    this.models.set(model.name, model);
    const version: ModelVersion = {
      modelName: input.modelName,
      version: model.latestVersion,
      algorithm: input.algorithm,
      hyperparameters: structuredClone(input.hyperparameters),
      scores: { ...input.scores },
      artifact: input.artifact,
      stage: 'staging',
      createdBy: input.createdBy,
      createdAt: at,
      updatedAt: at,
    };
    versions.push({
      version,
      fingerprint: input.fingerprint,
      ...definedProps({ idempotencyKey: input.idempotencyKey }),
    });
    this.versions.set(input.modelName, versions);
    return { kind: 'created', version };
  }

  async findModel(name: string): Promise<ModelSummary | null> {
    const model = this.models.get(name);
    if (!model) return null;
    const production = this.allVersions(name).find((v) => v.stage === 'production');
    return { ...model, ...definedProps({ productionVersion: production?.version }) };
  }

  async findVersion(modelName: string, version: number): Promise<ModelVersion | null> {
    return this.allVersions(modelName).find((v) => v.version === version) ?? null;
  }

  async listModels(page: { limit: number; after?: string }): Promise<RegistryPage<ModelSummary>> {
    const names = [...this.models.keys()]
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .filter((n) => page.after === undefined || Buffer.compare(Buffer.from(n), Buffer.from(page.after)) > 0);
    const items = await Promise.all(names.slice(0, page.limit).map((n) => this.findModel(n)));
    return { items: items.flatMap((m) => (m ? [m] : [])), hasMore: names.length > page.limit };
  }

  async listVersions(
    modelName: string,
    page: { limit: number; before?: number | undefined },
  ): Promise<RegistryPage<ModelVersion>> {
    const versions = this.allVersions(modelName)
      .filter((v) => page.before === undefined || v.version < page.before)
      .sort((a, b) => b.version - a.version);
    return { items: versions.slice(0, page.limit), hasMore: versions.length > page.limit };
  }

  async promote(
    modelName: string,
    target: PromotionTarget,
    policy: PromotionPolicy,
  ): Promise<PromotionResult> {
    const model = await this.findModel(modelName);
    const versions = this.allVersions(modelName);
    const production = versions.find((v) => v.stage === 'production') ?? null;
    const targetVersion =
      target.kind === 'version'
        ? (versions.find((v) => v.version === target.version) ?? null)
        : (versions
            .filter((v) => v.stage === 'archived' && v.promotedAt !== undefined)
            .sort(
              (a, b) => (b.archivedAt ?? '').localeCompare(a.archivedAt ?? '') || b.version - a.version,
            )[0] ?? null);
    const go = policy({ model, production, target: targetVersion });
    if (!targetVersion) throw new Error(`promotion policy approved a missing target of ${modelName}`);
    if (!go) return { changed: false, production: targetVersion, archived: null };
    let archived: ModelVersion | null = null;
    if (production && production.version !== targetVersion.version) {
      const at = this.now();
      archived = this.replace(modelName, { ...production, stage: 'archived', archivedAt: at, updatedAt: at });
    }
    const at = this.now();
    const promoted = this.replace(modelName, {
      ...targetVersion,
      stage: 'production',
      promotedAt: at,
      updatedAt: at,
    });
    return { changed: true, production: promoted, archived };
  }

  async replaceEndpointVariants(
    endpointName: string,
    variants: readonly VariantAssignment[],
  ): Promise<readonly EndpointVariant[]> {
    for (const v of variants) {
      if (!(await this.findVersion(v.modelName, v.version))) throw new Error('foreign key violation');
    }
    const at = this.now();
    const stored = variants
      .map((v) => ({ ...v, endpointName, updatedAt: at }))
      .sort((a, b) => (a.variantName < b.variantName ? -1 : 1));
    this.endpoints.set(endpointName, stored);
    return stored;
  }

  async listEndpointVariants(endpointName: string): Promise<readonly EndpointVariant[]> {
    return this.endpoints.get(endpointName) ?? [];
  }

  /** Test hook: puts a version in a stage directly, as an operator's SQL could. */
  forceStage(modelName: string, version: number, stage: ModelVersion['stage']): void {
    const current = this.allVersions(modelName).find((v) => v.version === version);
    if (!current) throw new Error(`no version ${version}`);
    this.replace(modelName, { ...current, stage });
  }

  private allVersions(modelName: string): ModelVersion[] {
    return (this.versions.get(modelName) ?? []).map((v) => v.version);
  }

  private replace(modelName: string, version: ModelVersion): ModelVersion {
    const stored = this.versions.get(modelName)?.find((v) => v.version.version === version.version);
    if (!stored) throw new Error(`no version ${version.version}`);
    stored.version = version;
    return version;
  }
}
