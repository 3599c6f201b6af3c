/** The model registry's entities: a model, its numbered versions and their lifecycle stage. */

/** A version's lifecycle stage; at most one version per model is `production`. */
export type ModelStage = 'staging' | 'production' | 'archived';

/** A JSON value as stored in jsonb columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ModelSummary {
  readonly name: string;
  readonly description?: string;
  /** The highest version registered so far (versions are never reused). */
  readonly latestVersion: number;
  readonly productionVersion?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ModelVersion {
  readonly modelName: string;
  readonly version: number;
  readonly algorithm: string;
  readonly hyperparameters: Readonly<Record<string, JsonValue>>;
  /** Evaluation scores by metric, e.g. `{ "nabStandard": 71.2 }`. */
  readonly scores: Readonly<Record<string, number>>;
  /** Container image or model artifact the version is served from. */
  readonly artifact: string;
  readonly stage: ModelStage;
  /** Who registered it: `key:<keyId>`. */
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When it last became `production`; absent when it never was. */
  readonly promotedAt?: string;
  /** When it was last archived. */
  readonly archivedAt?: string;
}
