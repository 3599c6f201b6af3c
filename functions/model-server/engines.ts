/** The analytics engine's algorithms the model server serves, wired to the inference dispatcher. */
import { detect } from '../../shared/domain/analytics/detect/detect';
import { forecast } from '../../shared/domain/analytics/forecast/forecast';
import type { InferenceEngines } from '../../shared/domain/analytics/inference/dispatch-invocation';
import { summarize } from '../../shared/domain/analytics/summarize/summarize';

/** The production engines: the same code the evaluation scripts score. */
export const analyticsEngines: InferenceEngines = { detect, forecast, summarize };
