/** The M4 competition's settings per data frequency (horizon, MASE period, file prefix). */

/** The M4 frequencies the evaluation supports (the data here has Hourly and Weekly). */
export type M4Frequency = 'hourly' | 'weekly' | 'daily';

/** How M4 scores one frequency. */
export interface M4FrequencySpec {
  /** File name prefix in the M4 dataset (`Hourly-train.csv`). */
  readonly file: string;
  /** Forecast horizon the competition asked for. */
  readonly horizon: number;
  /** Seasonal period M4 uses for MASE and for Naive2's seasonality test. */
  readonly period: number;
}

/** From the M4 guide (Makridakis, Spiliotis & Assimakopoulos 2020, Table 1 and §3.2). */
export const M4_FREQUENCIES: Readonly<Record<M4Frequency, M4FrequencySpec>> = {
  hourly: { file: 'Hourly', horizon: 48, period: 24 },
  weekly: { file: 'Weekly', horizon: 13, period: 1 },
  daily: { file: 'Daily', horizon: 14, period: 1 },
};

/** Narrows a user-supplied string to a known frequency. */
export function isM4Frequency(value: string): value is M4Frequency {
  return Object.hasOwn(M4_FREQUENCIES, value);
}
