/**
 * A lake on local disk laid out as s3rver keeps it, for series tests: records are written as
 * the lake writer writes them (one Parquet file per call) and the rollups updated as it does.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDbQueryEngine } from '../../../shared/adapters/duckdb/duckdb-query-engine';
import { type DatasetSchema, eventsDatasetSchema } from '../../../shared/domain/catalog/dataset-schema';
import { curatedObjectKey, partitionOf } from '../../../shared/domain/lake/lake-layout';
import { encodeParquet, type LakeRecord } from '../../../shared/domain/lake/parquet-file';
import { makeRollupHook } from '../../../shared/domain/metrics/rollup-hook';
import type { LakeCellStore } from '../../../shared/ports/lake-cell-store';
import type { MetricCatalog } from '../../../shared/ports/metric-catalog';
import type { RollupStore } from '../../../shared/ports/rollup-store';
import { InMemoryObjectStore } from '../twins/in-memory-object-store';

export class LakeFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'nexus-series-'));
  readonly curatedBucket = 'curated';
  private files = 0;

  engine(): DuckDbQueryEngine {
    return new DuckDbQueryEngine(new InMemoryObjectStore(), {
      lakeDir: this.dir,
      curatedBucket: this.curatedBucket,
      resultsBucket: 'results',
    });
  }

  /**
   * Writes the records as one curated file and runs the lake writer's rollup hook on them:
   * rollups updated, late events' hours marked.
   */
  async ingest(
    tenantId: string,
    records: readonly LakeRecord[],
    deps: {
      metrics: Pick<MetricCatalog, 'listForDataset'>;
      rollups: RollupStore;
      lakeCells?: Pick<LakeCellStore, 'markLate'>;
    },
    schema: DatasetSchema = eventsDatasetSchema,
  ): Promise<void> {
    const partition = partitionOf(tenantId, schema.dataset, records[0]?.receivedAt ?? '');
    const key = curatedObjectKey(partition, `f${this.files++}`);
    const path = join(this.dir, this.curatedBucket, `${key}._S3rver_object`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encodeParquet(schema, records));
    const hook = makeRollupHook({
      ...deps,
      objects: new InMemoryObjectStore(),
      curatedBucket: this.curatedBucket,
      // The writer runs as the batch arrives: just after its newest record was received.
      now: () => new Date(Math.max(...records.map((r) => Date.parse(r.receivedAt)))),
      lateWindowSeconds: 3600,
    });
    await hook({ partition, fileKey: key, records, heldBy: [] });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
