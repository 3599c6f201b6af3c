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
import { updateRollups } from '../../../shared/domain/metrics/rollup-batch';
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

  /** Writes the records as one curated file and, like the lake writer, updates the rollups. */
  async ingest(
    tenantId: string,
    records: readonly LakeRecord[],
    deps: { metrics: Pick<MetricCatalog, 'listForDataset'>; rollups: RollupStore },
    schema: DatasetSchema = eventsDatasetSchema,
  ): Promise<void> {
    const partition = partitionOf(tenantId, schema.dataset, records[0]?.receivedAt ?? '');
    const key = curatedObjectKey(partition, `f${this.files++}`);
    const path = join(this.dir, this.curatedBucket, `${key}._S3rver_object`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encodeParquet(schema, records));
    await updateRollups(tenantId, schema.dataset, key, records, {
      ...deps,
      // The writer runs as the batch arrives: just after its newest record was received.
      now: () => new Date(Math.max(...records.map((r) => Date.parse(r.receivedAt)))),
      lateWindowSeconds: 3600,
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
