/** Lambda entry of the per-minute metric anomaly scorer. */
import { metricAnomaliesDeps } from '../../../shared/runtime/function-deps/metric-anomalies';
import { makeMetricAnomaliesHandler } from './metric-anomalies';

export const handler = makeMetricAnomaliesHandler(metricAnomaliesDeps());
