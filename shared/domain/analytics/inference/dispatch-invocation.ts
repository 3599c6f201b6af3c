/** Serves one invocation: validates the envelope, then runs the operation on each series, isolating failures per series. */
import type * as z from 'zod';
import { DomainError, type ErrorDetail, PayloadTooLargeError, ValidationError } from '../../errors';
import type { Detect, Forecast, SeriesPoint } from '../contracts';
import {
  InvocationLimits,
  type InvocationRequest,
  invocationRequest,
  pointsSeries,
  type SeriesInput,
  valuesSeries,
} from './invocation-request';
import type { InvocationResult, SeriesError, SeriesOutcome, SummaryResult } from './invocation-response';

/** The statistics summary of one series (`summarize(values, { period? })`). */
export type Summarize = (
  values: readonly number[],
  options: { readonly period?: number | undefined },
) => SummaryResult;

/** The algorithms an invocation can run; injected so the dispatcher is tested with stand-ins. */
export interface InferenceEngines {
  readonly detect: Detect;
  readonly forecast: Forecast;
  readonly summarize: Summarize;
}

export interface DispatchHooks {
  /** Told about a series that failed with something other than a domain error (a bug, not bad input). */
  readonly onUnexpectedError?: (error: unknown, seriesIndex: number) => void;
}

/** zod issues as the platform's error details, paths prefixed with `prefix`. */
function issueDetails(issues: readonly z.core.$ZodIssue[], prefix: string): ErrorDetail[] {
  return issues.map((issue) => ({
    path: `${prefix}${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`.replace(
      /^\./,
      '',
    ),
    message: issue.message,
    code: issue.code,
  }));
}

function lengthOf(series: unknown): number {
  if (series === null || typeof series !== 'object') return 0;
  const { points, values } = series as { points?: unknown; values?: unknown };
  return (Array.isArray(points) ? points.length : 0) + (Array.isArray(values) ? values.length : 0);
}

/**
 * Rewrites an engine's error path (relative to the array it was given: `[3].value`, `values[3]`)
 * into a path of the request (`series[2].points[3].value`); option paths stay as they are.
 */
export function requestPath(enginePath: string, seriesIndex: number, form: 'points' | 'values'): string {
  const base = `series[${seriesIndex}]`;
  if (enginePath.startsWith('options')) return enginePath;
  const element = /^(?:values|points)?\[(\d+)\](.*)$/.exec(enginePath);
  if (element) {
    const [, k, rest = ''] = element;
    if (form === 'values') return `${base}.values[${k}]`;
    return `${base}.points[${k}]${rest === '' ? '.value' : rest}`;
  }
  if (enginePath === '' || enginePath === 'values' || enginePath === 'points') return `${base}.${form}`;
  return `${base}.${enginePath}`;
}

function parseSeries(
  raw: unknown,
  index: number,
  operation: InvocationRequest['operation'],
): SeriesInput | SeriesError {
  const prefix = `series[${index}]`;
  const hasPoints = raw !== null && typeof raw === 'object' && 'points' in raw;
  const hasValues = raw !== null && typeof raw === 'object' && 'values' in raw;
  if (hasPoints === hasValues) {
    return {
      code: 'INVALID_SERIES',
      message: 'A series needs either points or values.',
      details: [{ path: prefix, message: 'expected an object with exactly one of points or values' }],
    };
  }
  const parsed = (hasPoints ? pointsSeries : valuesSeries).safeParse(raw);
  if (!parsed.success) {
    return {
      code: 'INVALID_SERIES',
      message: 'The series is invalid.',
      details: issueDetails(parsed.error.issues, prefix),
    };
  }
  if (parsed.data.state !== undefined && operation !== 'detect') {
    return {
      code: 'INVALID_SERIES',
      message: 'Only detect continues from a state.',
      details: [{ path: `${prefix}.state`, message: `${operation} takes no state` }],
    };
  }
  return parsed.data;
}

function pointsOf(series: SeriesInput): SeriesPoint[] {
  return 'points' in series
    ? series.points
    : series.values.map((value, index) => ({ timestamp: index, value }));
}

function valuesOf(series: SeriesInput): number[] {
  return 'points' in series ? series.points.map((p) => p.value) : series.values;
}

function run(request: InvocationRequest, series: SeriesInput, engines: InferenceEngines): object {
  switch (request.operation) {
    case 'detect':
      return engines.detect(pointsOf(series), request.options, series.state);
    case 'forecast':
      return engines.forecast(valuesOf(series), request.options);
    case 'summarize':
      return engines.summarize(valuesOf(series), request.options ?? {});
  }
}

/**
 * Runs `body`'s operation on each of its series. Throws {@link ValidationError} for a bad envelope
 * (operation, options, series count) or when no series could be served, and
 * {@link PayloadTooLargeError} above {@link InvocationLimits.maxTotalPoints}; otherwise returns one
 * outcome per series, errors included, so one bad series does not fail its neighbours.
 */
export function dispatchInvocation(
  body: unknown,
  engines: InferenceEngines,
  hooks: DispatchHooks = {},
): InvocationResult {
  const envelope = invocationRequest.safeParse(body);
  if (!envelope.success) {
    throw new ValidationError(
      'INVALID_REQUEST',
      'The invocation request is invalid.',
      issueDetails(envelope.error.issues, ''),
    );
  }
  const request = envelope.data;
  const totalPoints = request.series.reduce<number>((sum, series) => sum + lengthOf(series), 0);
  if (totalPoints > InvocationLimits.maxTotalPoints) {
    throw new PayloadTooLargeError(
      'TOO_MANY_POINTS',
      `At most ${InvocationLimits.maxTotalPoints} points per request, summed over its series.`,
      [{ path: 'series', message: `got ${totalPoints} points` }],
    );
  }
  let unexpected = 0;
  const results = request.series.map((raw, index): SeriesOutcome<object> => {
    const parsed = parseSeries(raw, index, request.operation);
    const id =
      raw !== null && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string'
        ? raw.id
        : undefined;
    const tag = id === undefined ? { index } : { index, id };
    if ('code' in parsed) return { ...tag, status: 'error', error: parsed };
    const form = 'points' in parsed ? 'points' : 'values';
    try {
      return { ...tag, status: 'ok', result: run(request, parsed, engines) };
    } catch (error) {
      if (error instanceof DomainError) {
        const details = error.details.map((d) => ({ ...d, path: requestPath(d.path, index, form) }));
        return { ...tag, status: 'error', error: { code: error.code, message: error.message, details } };
      }
      unexpected += 1;
      hooks.onUnexpectedError?.(error, index);
      return {
        ...tag,
        status: 'error',
        error: {
          code: 'SERIES_FAILED',
          message: 'The model failed on this series.',
          details: [{ path: `series[${index}]`, message: 'internal model error' }],
        },
      };
    }
  });
  const failed = results.filter((r) => r.status === 'error');
  if (failed.length === results.length && unexpected === 0) {
    throw new ValidationError(
      'NO_VALID_SERIES',
      'No series in the request could be served.',
      failed.flatMap((r) => (r.status === 'error' ? r.error.details : [])),
    );
  }
  return {
    operation: request.operation,
    succeeded: results.length - failed.length,
    failed: failed.length,
    results,
  } as InvocationResult;
}
