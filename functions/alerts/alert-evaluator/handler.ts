/** Lambda entry of the per-minute alert rule evaluator. */
import { alertEvaluatorDeps } from '../../../shared/runtime/function-deps/alert-evaluator';
import { makeAlertEvaluatorHandler } from './alert-evaluator';

export const handler = makeAlertEvaluatorHandler(alertEvaluatorDeps());
