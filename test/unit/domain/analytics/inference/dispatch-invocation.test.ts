/** The inference dispatcher: envelope validation, per-series isolation, error paths, limits and state round trips. */
import { describe, expect, it, vi } from 'vitest';
import type { ForecastResult } from '../../../../../shared/domain/analytics/contracts';
import { detect } from '../../../../../shared/domain/analytics/detect/detect';
import {
  dispatchInvocation,
  type InferenceEngines,
  requestPath,
} from '../../../../../shared/domain/analytics/inference/dispatch-invocation';
import { InvocationLimits } from '../../../../../shared/domain/analytics/inference/invocation-request';
import { PayloadTooLargeError, ValidationError } from '../../../../../shared/domain/errors';

const fakeForecast = (values: readonly number[], options: { horizon: number }): ForecastResult => {
  if (values.length < 2) {
    throw new ValidationError('INVALID_FORECAST_REQUEST', 'too short', [
      { path: 'values', message: 'expected at least 2 values' },
    ]);
  }
  const last = values[values.length - 1] ?? 0;
  return {
    method: 'naive',
    period: 1,
    seasonal: false,
    mean: Array(options.horizon).fill(last),
    intervals: [],
  };
};

const engines: InferenceEngines = {
  detect,
  forecast: fakeForecast,
  summarize: (values) => ({ count: values.length, sum: values.reduce((a, b) => a + b, 0) }),
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i % 7);

describe('dispatchInvocation', () => {
  it('runs the operation on every series and keeps request order and ids', () => {
    const result = dispatchInvocation(
      {
        operation: 'summarize',
        series: [
          { id: 'a', values: [1, 2, 3] },
          { values: [10] },
          { id: 'c', points: [{ timestamp: 't', value: 4 }] },
        ],
      },
      engines,
    );
    expect(result.succeeded).toBe(3);
    expect(result.failed).toBe(0);
    expect(result.results.map((r) => [r.index, r.id, r.status === 'ok' ? r.result : null])).toEqual([
      [0, 'a', { count: 3, sum: 6 }],
      [1, undefined, { count: 1, sum: 10 }],
      [2, 'c', { count: 1, sum: 4 }],
    ]);
  });

  it('isolates a bad series and names its fields by request path', () => {
    const result = dispatchInvocation(
      {
        operation: 'summarize',
        series: [
          { values: [1, 2] },
          { values: [1, 'x'] },
          { points: [], values: [1] },
          { points: [{ value: 1 }] },
        ],
      },
      engines,
    );
    expect([result.succeeded, result.failed]).toEqual([1, 3]);
    const errors = result.results.flatMap((r) =>
      r.status === 'error' ? [r.error.details.map((d) => d.path)] : [],
    );
    expect(errors).toEqual([['series[1].values[1]'], ['series[2]'], ['series[3].points[0].timestamp']]);
  });

  it("maps an engine's domain error paths into the request", () => {
    const result = dispatchInvocation(
      { operation: 'forecast', options: { horizon: 3 }, series: [{ values: [5] }, { values: [1, 2, 9] }] },
      engines,
    );
    const [first, second] = result.results;
    expect(first?.status === 'error' && first.error).toMatchObject({
      code: 'INVALID_FORECAST_REQUEST',
      details: [{ path: 'series[0].values' }],
    });
    expect(second?.status === 'ok' && second.result).toMatchObject({ mean: [9, 9, 9] });
  });

  it('rejects the whole request when no series can be served', () => {
    const error = thrown(() =>
      dispatchInvocation({ operation: 'summarize', series: [{ values: [] }] }, engines),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'NO_VALID_SERIES', details: [{ path: 'series[0].values' }] });
  });

  it.each([
    [{ operation: 'predict', series: [{ values: [1] }] }, 'operation'],
    [{ operation: 'forecast', series: [{ values: [1, 2] }] }, 'options'],
    [{ operation: 'forecast', options: { horizon: 0 }, series: [{ values: [1, 2] }] }, 'options.horizon'],
    [{ operation: 'detect', options: { threshold: 2 }, series: [{ values: [1] }] }, 'options.threshold'],
    [{ operation: 'detect', series: [] }, 'series'],
    [{ operation: 'detect', series: [{ values: [1] }], extra: true }, ''],
  ])('rejects the envelope %j at %s', (body, path) => {
    const error = thrown(() => dispatchInvocation(body, engines));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('INVALID_REQUEST');
    expect((error as ValidationError).details.map((d) => d.path)).toContain(path);
  });

  it('enforces the series count and total points limits', () => {
    const many = Array.from({ length: InvocationLimits.maxSeries + 1 }, () => ({ values: [1] }));
    expect(thrown(() => dispatchInvocation({ operation: 'summarize', series: many }, engines))).toMatchObject(
      {
        code: 'INVALID_REQUEST',
      },
    );
    const half = Math.floor(InvocationLimits.maxTotalPoints / 2) + 1;
    const big = [{ values: Array(half).fill(1) }, { values: Array(half).fill(1) }];
    const error = thrown(() => dispatchInvocation({ operation: 'summarize', series: big }, engines));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ code: 'TOO_MANY_POINTS' });
    const exact = [{ values: Array(InvocationLimits.maxTotalPoints).fill(1) }];
    expect(dispatchInvocation({ operation: 'summarize', series: exact }, engines).succeeded).toBe(1);
  });

  it('refuses a state for operations other than detect', () => {
    const result = dispatchInvocation(
      { operation: 'summarize', series: [{ values: [1], state: { version: 0 } }, { values: [2] }] },
      engines,
    );
    expect(result.results[0]).toMatchObject({
      status: 'error',
      error: { details: [{ path: 'series[0].state' }] },
    });
  });

  it('continues detection from the returned state exactly as one long call would', () => {
    const values = ramp(200);
    values[150] = 60;
    const run = (body: unknown) => {
      const result = dispatchInvocation(body, engines);
      if (result.operation !== 'detect') throw new Error('expected a detect result');
      return result.results[0];
    };
    const whole = run({ operation: 'detect', series: [{ values }] });
    const first = run({ operation: 'detect', series: [{ values: values.slice(0, 120) }] });
    if (whole?.status !== 'ok' || first?.status !== 'ok') throw new Error('expected ok');
    const second = run({
      operation: 'detect',
      series: [
        {
          points: values.slice(120).map((value, i) => ({ timestamp: 120 + i, value })),
          state: JSON.parse(JSON.stringify(first.result.state)),
        },
      ],
    });
    if (second?.status !== 'ok') throw new Error('expected ok');
    expect([...first.result.scores, ...second.result.scores]).toEqual(whole.result.scores);
    expect(second.result.anomalies.map((a) => a.timestamp)).toContain(150);
  });

  it('maps detector point errors to the point in the request', () => {
    const result = dispatchInvocation(
      {
        operation: 'detect',
        series: [{ values: [1, 2] }, { points: [{ timestamp: '', value: 1 }] }],
      },
      engines,
    );
    expect(result.results[1]).toMatchObject({ status: 'error' });
    const paths =
      result.results[1]?.status === 'error' ? result.results[1].error.details.map((d) => d.path) : [];
    expect(paths[0]).toMatch(/^series\[1\]\.points\[0\]\.timestamp$/);
  });

  it('reports an engine crash as a per-series failure and tells the hook', () => {
    const onUnexpectedError = vi.fn();
    const crashing: InferenceEngines = {
      ...engines,
      summarize: (values) => {
        if (values[0] === 13) throw new TypeError('bug');
        return { ok: true };
      },
    };
    const result = dispatchInvocation(
      { operation: 'summarize', series: [{ values: [13] }, { values: [1] }] },
      crashing,
      { onUnexpectedError },
    );
    expect(result.results[0]).toMatchObject({ status: 'error', error: { code: 'SERIES_FAILED' } });
    expect(onUnexpectedError).toHaveBeenCalledWith(expect.any(TypeError), 0);
    const allCrash = dispatchInvocation({ operation: 'summarize', series: [{ values: [13] }] }, crashing);
    expect(allCrash.failed).toBe(1);
  });
});

describe('requestPath', () => {
  it.each([
    ['[3].value', 'points', 'series[1].points[3].value'],
    ['[3].timestamp', 'points', 'series[1].points[3].timestamp'],
    ['values[3]', 'points', 'series[1].points[3].value'],
    ['values[3]', 'values', 'series[1].values[3]'],
    ['[3].value', 'values', 'series[1].values[3]'],
    ['', 'values', 'series[1].values'],
    ['values', 'points', 'series[1].points'],
    ['options.period', 'values', 'options.period'],
  ] as const)('%s (%s) → %s', (path, form, expected) => {
    expect(requestPath(path, 1, form)).toBe(expected);
  });
});
