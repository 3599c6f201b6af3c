/** Chooses among candidate forecasts by their accuracy on the series' own most recent past (rolling-origin evaluation). */
import type { CandidatePool } from './candidate-pool';

/** Tuning of the selection, fixed across all series (tuned on M4 Hourly and Weekly as a whole). */
export interface SelectionSettings {
  /** How many forecast origins to hold out, each one validation horizon apart. */
  readonly origins: number;
  /** How many of the best candidates to average. */
  readonly top: number;
  /** Fewest observations left for fitting at the earliest origin. */
  readonly minTrain: number;
  /** Fewest origins worth comparing candidates on; with fewer, the pool's fallback is used. */
  readonly minOrigins: number;
}

/**
 * Six origins, the single best candidate: the best M4 Hourly and Weekly OWA among 3–8 origins and
 * top 1–2. At least 3 origins to select at all: on the Tourism Yearly training series' last 4
 * points, MAPE 20.56 against 20.67 when selecting from one origin up (5 origins: 20.53, but
 * then hardly any yearly series is long enough to select).
 */
export const DEFAULT_SELECTION: SelectionSettings = { origins: 6, top: 1, minTrain: 20, minOrigins: 3 };

/** What selection chose, its forecast, and its out-of-sample errors (for the prediction intervals). */
export interface Selection {
  /** Names of the chosen candidates (averaged step by step). */
  readonly chosen: readonly string[];
  readonly mean: number[];
  /** Out-of-sample errors (actual − forecast) of the chosen forecast per origin, per step. */
  readonly validationErrors: readonly (readonly number[])[];
  /** The same errors over their forecasts (NaN where a forecast is not positive), for multiplicative intervals. */
  readonly relativeErrors: readonly (readonly number[])[];
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const k = xs.length;
  return k % 2 === 1 ? (xs[(k - 1) / 2] ?? 0) : ((xs[k / 2 - 1] ?? 0) + (xs[k / 2] ?? 0)) / 2;
}

function stepwise(
  forecasts: readonly (readonly number[])[],
  horizon: number,
  how: 'mean' | 'median',
): number[] {
  // Plain loops, summing in the same order as before: this runs for every combination at every origin.
  const out: number[] = [];
  const k = forecasts.length;
  for (let h = 0; h < horizon; h++) {
    if (how === 'median') {
      out.push(median(forecasts.map((f) => f[h] ?? 0)));
      continue;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += forecasts[j]?.[h] ?? 0;
    out.push(sum / k);
  }
  return out;
}

/** Every candidate's forecast (members, then combinations) from `values` at `horizon`. */
function forecastAll(pool: CandidatePool, values: readonly number[], horizon: number, allowed: Set<string>) {
  const out = new Map<string, number[]>();
  for (const m of pool.members) if (allowed.has(m.name)) out.set(m.name, m.run(values, horizon));
  for (const c of pool.combinations) {
    if (!allowed.has(c.name)) continue;
    out.set(
      c.name,
      stepwise(
        c.parts.map((p) => out.get(p) ?? []),
        horizon,
        c.how,
      ),
    );
  }
  return out;
}

/**
 * Each selectable candidate's total mean absolute error over the origins (the earliest first),
 * with its errors per origin put in `errorsByName`. Candidates are scored one at a time, the
 * cheapest first (members' `effort`, a combination's being its parts'), and a candidate stops
 * being scored once its partial total exceeds the `top`-th smallest complete one: it can no
 * longer be chosen, so its remaining origins' smoothing fits are skipped (on the speed
 * benchmark's series, 10,395 SES and 9,140 damped fits per 1,000 series instead of 16,118 and
 * 12,054: 30% of the smoothing work). Its total is then the partial one, which keeps it behind the
 * `top` best, and every complete total is summed in origin order as before, so the choice and its
 * errors are those of scoring every candidate everywhere. Forecasts are kept per origin, so a
 * member is run once however many combinations use it.
 */
function scoreCandidates(
  pool: CandidatePool,
  values: readonly number[],
  step: number,
  origins: number,
  selectable: readonly string[],
  top: number,
  errorsByName: Map<string, number[][]>,
): Map<string, number> {
  const n = values.length;
  const members = new Map(pool.members.map((m) => [m.name, m]));
  const combinations = new Map(pool.combinations.map((c) => [c.name, c]));
  // One array per origin, shared by every candidate (the pool's memoised adjustments key on it).
  const trains = Array.from({ length: origins }, (_, i) => values.slice(0, n - (origins - i) * step));
  const known = trains.map(() => new Map<string, number[]>());
  const forecastAt = (i: number, name: string): number[] => {
    const atOrigin = known[i] as Map<string, number[]>;
    let f = atOrigin.get(name);
    if (f !== undefined) return f;
    const member = members.get(name);
    const next = known[i + 1];
    if (member?.runPair !== undefined && next !== undefined && !next.has(name)) {
      // The next origin's forecast too, both fitted at once: a candidate scored here is usually
      // scored there as well.
      const [here, there] = member.runPair(trains[i] as number[], trains[i + 1] as number[], step);
      atOrigin.set(name, here);
      next.set(name, there);
      return here;
    }
    const combination = combinations.get(name);
    f =
      member !== undefined
        ? member.run(trains[i] as number[], step)
        : combination !== undefined
          ? stepwise(
              combination.parts.map((p) => forecastAt(i, p)),
              step,
              combination.how,
            )
          : [];
    atOrigin.set(name, f);
    return f;
  };
  const effort = (name: string): number =>
    members.get(name)?.effort ?? (combinations.get(name)?.parts ?? []).reduce((sum, p) => sum + effort(p), 0);
  const cheapestFirst = [...selectable].sort((a, b) => effort(a) - effort(b));
  const total = new Map<string, number>();
  // Complete totals so far, ascending.
  const complete: number[] = [];
  for (const name of cheapestFirst) {
    let sum = 0;
    const rows: number[][] = [];
    for (let i = 0; i < origins; i++) {
      const f = forecastAt(i, name);
      const cut = n - (origins - i) * step;
      const errors: number[] = [];
      let absolute = 0;
      for (let j = 0; j < step; j++) {
        const e = (values[cut + j] as number) - (f[j] ?? 0);
        errors.push(e);
        absolute += Math.abs(e);
      }
      sum += absolute / step;
      rows.push(errors);
      if (i < origins - 1 && complete.length >= top && sum > (complete[top - 1] as number)) break;
    }
    total.set(name, sum);
    if (rows.length < origins) continue;
    errorsByName.set(name, rows);
    if (Number.isFinite(sum)) {
      let at = complete.length;
      while (at > 0 && (complete[at - 1] as number) > sum) at--;
      complete.splice(at, 0, sum);
    }
  }
  return total;
}

/** Fewest observations a short series' forecast is fitted on when measuring its errors. */
export const SHORT_MIN_FIT = 3;

/** First origin of {@link expandingOriginErrors}: half the series, and at least SHORT_MIN_FIT points. */
function firstCut(n: number): number {
  return Math.min(n - 1, Math.max(SHORT_MIN_FIT, Math.floor(n / 2)));
}

/**
 * Out-of-sample errors of the chosen forecast on a series too short to compare candidates: from
 * every origin that leaves {@link SHORT_MIN_FIT} points to fit, up to `horizon` steps (fewer near
 * the end). Why: the intervals then rest on the method's own errors at each step rather than on
 * one-step residuals, which understate how far a short series wanders (Tourism Yearly backtest).
 */
function expandingOriginErrors(
  pool: CandidatePool,
  values: readonly number[],
  horizon: number,
  chosen: readonly string[],
): number[][] {
  const names = new Set<string>(chosen);
  for (const c of pool.combinations) if (names.has(c.name)) for (const p of c.parts) names.add(p);
  const out: number[][] = [];
  for (let cut = firstCut(values.length); cut < values.length; cut++) {
    const steps = Math.min(horizon, values.length - cut);
    const forecasts = forecastAll(pool, values.slice(0, cut), steps, names);
    const mean = stepwise(
      chosen.map((c) => forecasts.get(c) ?? []),
      steps,
      'mean',
    );
    out.push(values.slice(cut, cut + steps).map((a, i) => a - (mean[i] ?? 0)));
  }
  return out;
}

/**
 * Rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting accuracy"): the
 * last K·v observations are held out in K blocks of v = min(horizon, n/5) steps (K as large as
 * `settings.origins` while every candidate keeps enough data to fit, else while `minTrain` is
 * left, dropping the candidates that need more); every candidate
 * forecasts each block from the data before it, and the candidates with the smallest total mean
 * absolute error are averaged (validation-based selection and combination, cf. Fildes & Petropoulos
 * 2015). With no room for even one origin, the pool's fallback is used.
 */
export function selectByRollingOrigin(
  pool: CandidatePool,
  values: readonly number[],
  horizon: number,
  settings: SelectionSettings = DEFAULT_SELECTION,
): Selection {
  const n = values.length;
  const step = Math.max(1, Math.min(horizon, Math.floor(n / 5)));
  // As many origins as leave every candidate enough data; failing that, as many as leave minTrain.
  const longest = Math.max(settings.minTrain, ...pool.members.map((m) => m.minLength));
  let origins = settings.origins;
  while (origins > 0 && n - origins * step < longest) origins--;
  if (origins < settings.minOrigins) {
    origins = settings.origins;
    while (origins > 0 && n - origins * step < settings.minTrain) origins--;
  }
  // Too few origins make the comparison noise: the pooled short-series choice is better then.
  if (origins < settings.minOrigins) origins = 0;
  const earliest = n - origins * step;
  const usable = pool.members.filter((m) => m.minLength <= (origins > 0 ? earliest : n));
  const names = new Set(usable.map((m) => m.name));
  for (const c of pool.combinations) if (c.parts.every((p) => names.has(p))) names.add(c.name);
  const selectable = [
    ...usable.filter((m) => m.selectable !== false).map((m) => m.name),
    ...pool.combinations.filter((c) => names.has(c.name)).map((c) => c.name),
  ];

  let chosen: string[];
  const errorsByName = new Map<string, number[][]>();
  if (origins === 0 || selectable.length === 0) {
    const fallback = pool.fallback.filter((f) => names.has(f) || pool.combinations.some((c) => c.name === f));
    chosen = fallback.length > 0 ? fallback : [pool.members[0]?.name ?? 'naive'];
  } else {
    const total = scoreCandidates(pool, values, step, origins, selectable, settings.top, errorsByName);
    chosen = [...selectable].sort((a, b) => (total.get(a) ?? 0) - (total.get(b) ?? 0)).slice(0, settings.top);
  }

  const finalNames = new Set<string>(chosen);
  for (const c of pool.combinations) if (finalNames.has(c.name)) for (const p of c.parts) finalNames.add(p);
  const forecasts = forecastAll(pool, values, horizon, finalNames);
  const mean = stepwise(
    chosen.map((c) => forecasts.get(c) ?? []),
    horizon,
    'mean',
  );
  const validationErrors: number[][] = [];
  const relativeErrors: number[][] = [];
  const relative = (errors: readonly number[], cut: number) =>
    errors.map((e, i) => {
      const predicted = (values[cut + i] ?? 0) - e;
      return predicted > 0 ? e / predicted : Number.NaN;
    });
  if (errorsByName.size === 0) {
    expandingOriginErrors(pool, values, horizon, chosen).forEach((errors, k) => {
      validationErrors.push(errors);
      relativeErrors.push(relative(errors, firstCut(n) + k));
    });
  } else {
    for (let k = 0; k < origins; k++) {
      const parts = chosen.map((c) => errorsByName.get(c)?.[k] ?? []);
      const errors = stepwise(parts, step, 'mean');
      validationErrors.push(errors);
      relativeErrors.push(relative(errors, n - (origins - k) * step));
    }
  }
  return { chosen, mean, validationErrors, relativeErrors };
}
