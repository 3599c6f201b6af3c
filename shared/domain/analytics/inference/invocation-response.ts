/** The model server's invocation response: one outcome per series, and which model answered. */
import * as z from 'zod';
import type { ErrorDetail } from '../../errors';
import type { DetectResult, ForecastResult } from '../contracts';
import type { Operation } from './invocation-request';

/** The summary an engine returns; opaque here, shaped by the summarize engine. */
export type SummaryResult = object;

/** What each operation returns for one series. */
export interface OperationResults {
  readonly detect: DetectResult;
  readonly forecast: ForecastResult;
  readonly summarize: SummaryResult;
}

/** Why one series could not be served; `details[].path` points into the request (`series[2].points[5].value`). */
export interface SeriesError {
  readonly code: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

/** One series' outcome, in request order; `index` is its position in the request's `series`. */
export type SeriesOutcome<R> =
  | { readonly index: number; readonly id?: string; readonly status: 'ok'; readonly result: R }
  | { readonly index: number; readonly id?: string; readonly status: 'error'; readonly error: SeriesError };

/** Name and version of the model that answered, as the container reports them. */
export interface ModelIdentity {
  readonly name: string;
  readonly version: string;
}

/** The dispatcher's answer before the server adds its identity; narrows on `operation`. */
export type InvocationResult<O extends Operation = Operation> = O extends Operation
  ? {
      readonly operation: O;
      readonly succeeded: number;
      readonly failed: number;
      readonly results: readonly SeriesOutcome<OperationResults[O]>[];
    }
  : never;

/** The body of a successful `POST /invocations`. */
export type InvocationResponse<O extends Operation = Operation> = InvocationResult<O> & {
  readonly model: ModelIdentity;
};

const errorDetail = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
  index: z.number().optional(),
});

/**
 * A structural check of a response read back from an endpoint (an untrusted boundary): the
 * envelope and outcome shapes, with each result kept as the engine returned it.
 */
export const invocationResponseSchema = z.object({
  operation: z.enum(['detect', 'forecast', 'summarize']),
  model: z.object({ name: z.string(), version: z.string() }),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  results: z.array(
    z.union([
      z.object({
        index: z.number().int().nonnegative(),
        id: z.string().optional(),
        status: z.literal('ok'),
        result: z.record(z.string(), z.unknown()),
      }),
      z.object({
        index: z.number().int().nonnegative(),
        id: z.string().optional(),
        status: z.literal('error'),
        error: z.object({ code: z.string(), message: z.string(), details: z.array(errorDetail) }),
      }),
    ]),
  ),
});

/** The error body of a rejected invocation: the platform's one error shape. */
export interface InvocationErrorBody {
  readonly error: SeriesError;
  readonly model: ModelIdentity;
}
