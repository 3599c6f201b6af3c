/** Lambda entry of /v1/metrics: definitions, series and anomalies of a tenant's metrics. */
import { metricsDeps } from '../../../shared/runtime/function-deps/metrics';
import { makeMetricsHandler } from './metrics';

export const handler = makeMetricsHandler(metricsDeps());
