/** The metric capabilities: definitions, anomaly scores, model monitoring and kept lake cells in Postgres, minute rollups in DynamoDB. */

import { DynamoRollupStore } from '../adapters/aws/dynamodb-rollup-store';
import { PostgresAnomalyStore } from '../adapters/postgres/postgres-anomaly-store';
import { PostgresLakeCellStore } from '../adapters/postgres/postgres-lake-cell-store';
import { PostgresMetricCatalog } from '../adapters/postgres/postgres-metric-catalog';
import { PostgresModelMonitorStore } from '../adapters/postgres/postgres-model-monitor-store';
import { defaultLateWindowSeconds } from '../domain/metrics/rollup-batch';
import type { LakeDialect } from '../domain/metrics/series-sql';
import type { RollupStore } from '../ports/rollup-store';
import { dynamoDocumentClient } from './clients/dynamodb-client';
import { required } from './config';
import { datasetCatalog } from './metadata-stores';
import { queryEngine } from './query-engine';
import { type Runtime, runtime } from './runtime';
import { sqlPool } from './sql-pool';

export function metricCatalog(rt: Runtime = runtime()): PostgresMetricCatalog {
  return new PostgresMetricCatalog(sqlPool(rt));
}

export function anomalyStore(rt: Runtime = runtime()): PostgresAnomalyStore {
  return new PostgresAnomalyStore(sqlPool(rt));
}

export function modelMonitorStore(rt: Runtime = runtime()): PostgresModelMonitorStore {
  return new PostgresModelMonitorStore(sqlPool(rt));
}

export function lakeCellStore(rt: Runtime = runtime()): PostgresLakeCellStore {
  return new PostgresLakeCellStore(sqlPool(rt));
}

export function rollupStore(rt: Runtime = runtime()): RollupStore {
  return new DynamoRollupStore(rt.client(dynamoDocumentClient), {
    tableName: required(rt.config, 'rollupTable'),
  });
}

/** The SQL dialect of the lake engine this runtime's queryEngine() picks. */
export function lakeDialect(rt: Runtime = runtime()): LakeDialect {
  return rt.config.queryEngine === 'athena' ? 'trino' : 'duckdb';
}

/** Events older than this (by event time) reach the series through the lake only. */
export const lateWindowSeconds = defaultLateWindowSeconds;

/** What reading a metric's series takes: definitions, datasets, the lake engine, rollups and kept lake cells. */
export function seriesSources(rt: Runtime = runtime()) {
  return {
    metrics: metricCatalog(rt),
    datasets: datasetCatalog(rt),
    engine: queryEngine(rt),
    dialect: lakeDialect(rt),
    rollups: rollupStore(rt),
    lakeCells: lakeCellStore(rt),
    lateWindowSeconds,
  };
}
