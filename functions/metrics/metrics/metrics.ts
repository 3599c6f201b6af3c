/**
 * Routes for metrics: define (or version), list, read and delete a metric (admin to change,
 * query to read), its series, its anomalies and how well the models do on it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  defineMetric,
  deleteMetric,
  getMetric,
  listMetrics,
  type ManageMetricsDeps,
} from '../../../shared/domain/metrics/manage-metrics';
import { defineMetricInput } from '../../../shared/domain/metrics/metric-definition';
import {
  accuracyWindowInput,
  metricModelAccuracy,
} from '../../../shared/domain/metrics/metric-model-accuracy';
import {
  metricSeries,
  type SeriesDeps,
  seriesQueryInput,
} from '../../../shared/domain/metrics/metric-series';
import { anomaliesQueryInput, listAnomalies } from '../../../shared/domain/metrics/score-anomalies';
import type { AnomalyStore } from '../../../shared/ports/anomaly-store';
import type { MetricCatalog } from '../../../shared/ports/metric-catalog';
import type { ModelMonitorStore } from '../../../shared/ports/model-monitor-store';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface MetricsDeps extends Omit<ManageMetricsDeps, 'metrics'>, Omit<SeriesDeps, 'metrics'> {
  readonly metrics: MetricCatalog;
  readonly anomalies: AnomalyStore;
  readonly monitor: Pick<ModelMonitorStore, 'metricTallies'>;
  readonly logger: Logger;
}

const query = (event: { queryStringParameters: Record<string, string | undefined> | null }) =>
  event.queryStringParameters ?? {};

export const metricsRoutes = (deps: MetricsDeps) =>
  routeTable({
    'POST /v1/metrics': async (event) => {
      const input = parseInput(defineMetricInput, jsonBody(event));
      const { metric, created, changed } = await defineMetric(input, principalOf(event, 'admin'), deps);
      return jsonResponse(created ? 201 : 200, { ...metric, created, changed });
    },
    'GET /v1/metrics': async (event) =>
      jsonResponse(200, { items: await listMetrics(principalOf(event, 'query').tenantId, deps) }),
    'GET /v1/metrics/{id}': async (event) =>
      jsonResponse(200, await getMetric(principalOf(event, 'query').tenantId, pathParam(event, 'id'), deps)),
    'DELETE /v1/metrics/{id}': async (event) => {
      await deleteMetric(principalOf(event, 'admin'), pathParam(event, 'id'), deps);
      return { statusCode: 204, body: '' };
    },
    'GET /v1/metrics/{id}/series': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const input = parseInput(seriesQueryInput, query(event));
      return jsonResponse(200, await metricSeries(tenantId, pathParam(event, 'id'), input, deps));
    },
    'GET /v1/metrics/{id}/anomalies': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const input = parseInput(anomaliesQueryInput, query(event));
      return jsonResponse(200, await listAnomalies(tenantId, pathParam(event, 'id'), input, deps));
    },
    'GET /v1/metrics/{id}/model-accuracy': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const input = parseInput(accuracyWindowInput, query(event));
      return jsonResponse(200, await metricModelAccuracy(tenantId, pathParam(event, 'id'), input, deps));
    },
  });

export function makeMetricsHandler(deps: MetricsDeps) {
  return httpHandler(deps.logger, metricsRoutes(deps));
}
