/** The analytics engine's algorithms the model server serves, wired to the inference dispatcher. */
import { detect } from '../../shared/domain/analytics/detect/index';
import { forecast } from '../../shared/domain/analytics/forecast/index';
import type { InferenceEngines } from '../../shared/domain/analytics/inference/index';
import { summarize } from '../../shared/domain/analytics/summarize/index';

/** The production engines: the same code the evaluation scripts score. */
export const analyticsEngines: InferenceEngines = { detect, forecast, summarize };
