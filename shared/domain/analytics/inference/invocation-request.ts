/** The model server's invocation request: its zod contract, limits and the per-series shape. */
import * as z from 'zod';

/**
 * Limits of one invocation. SageMaker caps a real-time request body at 6 MB; these keep one
 * request's work bounded too, so a single caller cannot pin a model server's CPU.
 */
export const InvocationLimits = {
  /** Series per request. */
  maxSeries: 100,
  /** Points (or values) summed over every series of a request. */
  maxTotalPoints: 100_000,
  /** Request body size, SageMaker's real-time InvokeEndpoint limit. */
  maxBodyBytes: 6 * 1024 * 1024,
  /** Serialised size of one detector state passed back in. */
  maxStateBytes: 64 * 1024,
  /** Prediction-interval levels per forecast. */
  maxLevels: 5,
  /** Forecast steps ahead (the forecaster's own bound). */
  maxHorizon: 1000,
} as const;

/** What the model server can be asked to do. */
export const operations = ['detect', 'forecast', 'summarize'] as const;
export type Operation = (typeof operations)[number];

const point = z.strictObject({
  timestamp: z.union([z.string().min(1).max(64), z.number().finite()]),
  value: z.number().finite(),
});

const detectorState = z
  .looseObject({ version: z.number().int().nonnegative() })
  .refine((state) => JSON.stringify(state).length <= InvocationLimits.maxStateBytes, {
    message: `the state must serialise to at most ${InvocationLimits.maxStateBytes} bytes`,
  });

/** Caller-chosen label echoed in the result, so results can be matched without relying on order. */
const seriesId = z.string().min(1).max(256).optional();

/**
 * One series: timestamped `points`, or bare `values` at regular steps (detect then uses the
 * index as the timestamp). `state` continues an online detection where a previous call stopped.
 */
export const pointsSeries = z.strictObject({
  id: seriesId,
  points: z.array(point).min(1),
  state: detectorState.optional(),
});
/** The `values` form of {@link seriesInput}. */
export const valuesSeries = z.strictObject({
  id: seriesId,
  values: z.array(z.number().finite()).min(1),
  state: detectorState.optional(),
});
/** Either form of a series. */
export const seriesInput = z.union([pointsSeries, valuesSeries]);
export type SeriesInput = z.infer<typeof seriesInput>;

const detectOptions = z.strictObject({ threshold: z.number().min(0).max(1).optional() });
/** Points forecast when the request names no horizon. */
export const defaultForecastHorizon = 12;
const forecastOptions = z.strictObject({
  horizon: z.number().int().min(1).max(InvocationLimits.maxHorizon).default(defaultForecastHorizon),
  period: z.number().int().min(1).optional(),
  levels: z.array(z.number().gt(0).lt(100)).min(1).max(InvocationLimits.maxLevels).optional(),
});
const summarizeOptions = z.strictObject({ period: z.number().int().min(2).optional() });

/** Series are checked one by one later, so one bad series does not fail its neighbours. */
const seriesList = z.array(z.unknown()).min(1).max(InvocationLimits.maxSeries);

/**
 * The request envelope, validated as a whole: the operation, its options (shared by every
 * series) and the list of series. A series' own content is validated per series.
 */
export const invocationRequest = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('detect'), options: detectOptions.optional(), series: seriesList }),
  // Options run through their schema even when absent, so the horizon default applies.
  z.strictObject({
    operation: z.literal('forecast'),
    options: forecastOptions.prefault({}),
    series: seriesList,
  }),
  z.strictObject({
    operation: z.literal('summarize'),
    options: summarizeOptions.optional(),
    series: seriesList,
  }),
]);
export type InvocationRequest = z.infer<typeof invocationRequest>;

/** A request as a caller builds it (series already typed), e.g. the insights API. */
export type InvocationInput =
  | {
      readonly operation: 'detect';
      readonly options?: z.infer<typeof detectOptions>;
      readonly series: readonly SeriesInput[];
    }
  | {
      readonly operation: 'forecast';
      readonly options: z.infer<typeof forecastOptions>;
      readonly series: readonly SeriesInput[];
    }
  | {
      readonly operation: 'summarize';
      readonly options?: z.infer<typeof summarizeOptions>;
      readonly series: readonly SeriesInput[];
    };
