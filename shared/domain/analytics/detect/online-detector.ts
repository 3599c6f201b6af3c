/** The detector's per-point step and its small, JSON-serialisable state. */
import {
  assessLikelihood,
  type Likelihood,
  type LikelihoodState,
  learnLikelihood,
} from './anomaly-likelihood';
import { HourOfDayProfile, type HourOfDayState } from './hour-of-day-profile';
import { nearestPatterns, WINDOW } from './nearest-pattern';
import { ReadingGrid, type ReadingGridState, writtenClockMs } from './reading-grid';
import { roundSignificant } from './round-significant';
import { SlidingExtremes } from './sliding-extremes';

/** Values per compared sub-sequence (an hour of 5-minute data). */
export const PATTERN_LENGTH = WINDOW;
/**
 * Past values kept to compare against: a day of 5-minute data (288) plus a pattern, so the same
 * hour yesterday is always a candidate neighbour (with 300 the NAB score drops by 10 points).
 */
export const HISTORY_LENGTH = 400;
/** Raw scores averaged into the likelihood's short-term mean (Ahmad et al. 2017). */
const SHORT_WINDOW = 10;
/** Rate of the long-term averages; before 1/rate points they are plain running means. */
const LONG_RATE = 1 / 1000;
/** Points learnt before any score is reported. */
export const WARMUP = 150;
/** A value this fraction of the observed range beyond the extremes is a new-extreme anomaly (Numenta's NAB detector). */
const EXTREME_TOLERANCE = 0.05;
/**
 * A value this fraction of the recent range beyond the recent extremes (over the kept history)
 * is a regime break even inside the all-time range, e.g. a level drop after a long high stretch.
 */
const RECENT_EXTREME_TOLERANCE = 0.3;
/** Share of the typical distance added to a neighbour's own distance, so near-exact repeats do not give huge ratios. */
const LOCAL_SMOOTHING = 0.5;
/** Distance ratio at which the raw score is 0.5. */
const RATIO_AT_HALF = 3;
/** Score at or above which a point raises an alert; later points are then muted for `QUIET_POINTS`. */
export const ALERT_LEVEL = 0.5;
/**
 * Points muted after an alert: NAB rewards only the first detection of an anomaly window. A new
 * all-time extreme is never muted (it alerts and restarts the quiet period). Counted in the
 * series' nominal reading intervals (reading-grid.ts), so the quiet lasts a time: a reading after
 * a gap of k intervals uses up k of it (on a regular grid, exactly the next QUIET_POINTS points).
 * On the training seeds of `npm run eval:nab-kinds` road traffic (sparse nights, travel times a
 * few readings an hour, so 200 points spanned days) went from 55.61 / 50.67 / 59.85 to 58.19 /
 * 53.25 / 62.03 (an incident muted by an earlier false alarm found), tweets and ad exchange the
 * same; the 35 NAB series 70.16 / 65.11 / 74.64 to 70.07 / 64.92 / 74.58 (split halves 60.60 /
 * 76.03 to 60.41 / 76.03: one false alarm more on rogue_agent_key_hold, the one series there read
 * at irregular times). Shorter quiet periods in points instead: 100 gave traffic 58.19 too but
 * NAB 69.86, 50: 58.02 / 69.67; in intervals, 150 and 250: traffic 58.06 / 58.19, NAB 69.97 /
 * 69.05.
 */
export const QUIET_POINTS = 200;
/**
 * An alert's excess over ALERT_LEVEL is divided by (1 + recent alerts)^this. A series that keeps
 * alarming is less surprising than the likelihood's Gaussian says, so its later alerts rank below
 * a quiet series' first one; every alert still scores at least ALERT_LEVEL, so the set flagged at
 * the default threshold is unchanged and only NAB-style optimised thresholds see the ranking.
 * Chosen on the 35 NAB series (powers 0, 1, 1.5, 2, 3, 4 tried; 1.5–3 a plateau, 4 worse on one
 * half of the two-fold split; 2 is its middle).
 */
const REPEAT_DISCOUNT_POWER = 2;
/**
 * Points over which the count of recent alerts halves: a month of 5-minute data (HISTORY_LENGTH
 * is a day of it), so only a series' recent alerts discount and one that alarmed long ago alerts
 * at full strength again (a cumulative count would mute a series watched for a year for good).
 * Chosen by the two-fold NAB split among a day, a week and a month (288, 2016, 8640 points): a
 * week and a month tie on one half (standard 77.81), a month is best on the other (59.57 vs 57.71).
 */
export const ALERT_HALF_LIFE = 30 * 288;
/** Per-point factor of the recent-alert count. */
const ALERT_DECAY = 2 ** (-1 / ALERT_HALF_LIFE);
/**
 * Recent-range breaks (a value well beyond the kept history's range) a series may have had, as a
 * count decaying like the alert count (halving every ALERT_HALF_LIFE points), before its next one
 * stops scoring 1 outright and is judged by the likelihood instead, which by then has learnt how
 * often this series' raw scores hit 1. Bursty heavy-tailed counts (Twitter mentions) break their
 * recent range every few days; the shipped NAB series rarely do. Chosen on the 35 NAB series and
 * the training seeds of `npm run eval:nab-kinds` (half-lives 400, 2016 and 8640 points, limits
 * 0.5 to 4): 3 at 8640 is the best that keeps all three NAB profiles at or above their figures
 * without it (68.23 / 61.80 / 72.76 against 67.94 / 61.13 / 72.57; synthetic tweets 67.64 to 71.87).
 */
const BREAK_LIMIT = 3;
/**
 * Values in a reference span (half an hour of 5-minute data) for the sustained-drop test: a run of
 * SUSTAINED_RUN values whose highest is well below the highest of every earlier span in the kept
 * history (spans overlapping the run left out) is a lasting drop, even where single readings went
 * lower before (dropouts to 0, noise): a road sensor's speed in an incident at rush hour, or days
 * of roadworks, below any earlier rush hour. Only drops: the same test upwards (a run's lowest
 * above every earlier span's lowest) cost the training ad-exchange corpus 2.9 points and the 35
 * NAB series 0.2 (6-value runs, tolerance 0.15) for 2.4 more on traffic.
 */
export const SUSTAINED_SPAN = 6;
/**
 * Values in a judged run: longer than the span, so that i.i.d. noise almost never has a whole run
 * below its lowest span (uniform noise: runs of 9 flagged once in 50k points, 10 none). Chosen
 * with SUSTAINED_TOLERANCE on the 35 NAB series and the training seeds of `npm run eval:nab-kinds`
 * (runs of 6, 9, 10, 12; tolerances 0.05 to 0.2).
 */
export const SUSTAINED_RUN = 10;
/**
 * How far below the earlier spans' lowest highest a run's highest must lie, as a fraction of the
 * kept history's range. With runs of 10, 0.1 gives NAB 68.28 / 61.94 / 72.79 (without the test
 * 68.23 / 61.80 / 72.76) and synthetic traffic 46.24 / 36.63 / 53.33 (40.30 / 28.97 / 48.64);
 * 0.15: NAB 68.30, traffic 44.69. Runs of 12: 0.1 cost NAB 0.25, 0.15 gained traffic 1.4 only.
 */
const SUSTAINED_TOLERANCE = 0.1;
/**
 * A non-negative series whose whole run lies below this fraction of every earlier span's highest
 * has collapsed (a count falling to almost nothing for hours: a feed outage), however small the
 * drop is against a range set by bursts. A collapse scores 1 even in a series that keeps breaking
 * its recent range (BREAK_LIMIT): bursts are routine for counts, falling silent is not (training
 * Twitter outages found 0/4 → 4/4; 0.3 found the same and cost NAB 0.6 points).
 */
const COLLAPSE_FRACTION = 0.5;
/** A recent-alert count below this is 0 (no subnormal arithmetic on long quiet series). */
const ALERT_FLOOR = 1e-6;

/** Everything the detector remembers about one series; a few KiB as JSON. */
export interface OnlineState {
  version: 1;
  /** Points seen. */
  n: number;
  min: number;
  max: number;
  /** The last HISTORY_LENGTH values (6 significant digits, to keep the state small), oldest first. */
  values: number[];
  /** Each kept value's own nearest-pattern distance (range-relative, 3 significant digits; −1 when none). */
  distances: number[];
  /** Running mean of the nearest-pattern distances. */
  typical: number;
  /** The last SHORT_WINDOW raw scores. */
  raws: number[];
  likelihood: LikelihoodState;
  /** Points still muted after the last alert. */
  quiet: number;
  /**
   * Alerts raised (scores at or above ALERT_LEVEL that were not muted), each weighing half as much
   * every ALERT_HALF_LIFE points; absent in older states, read as 0 (a cumulative count from an
   * older state is read as recent, and decays from here).
   */
  alerts?: number;
  /** Recent-range breaks seen, each weighing half as much every ALERT_HALF_LIFE points; absent in older states, read as 0. */
  breaks?: number;
  /** Seconds between the first two points, for the short-series path's cycle. */
  spacing?: number;
  /** Epoch ms of the last point. */
  lastT?: number;
  /** The usual level at each hour of the day; absent until a point with a known hour was scored. */
  hours?: HourOfDayState;
  /** The nominal reading interval and the last reading's time (see reading-grid.ts); absent until a point with a known time was scored. */
  grid?: ReadingGridState;
}

/** The state of a series never seen: nothing learnt, no alert pending. */
export function initialState(): OnlineState {
  return {
    version: 1,
    n: 0,
    min: 0,
    max: 0,
    values: [],
    distances: [],
    typical: 0,
    raws: [],
    likelihood: { mean: 0, variance: 0, red: false },
    quiet: 0,
  };
}

/** What one step found, for the score and for human-readable reasons. */
export interface StepOutcome {
  readonly score: number;
  /** Signed excess beyond the previous extremes as a fraction of the observed range; 0 when inside. */
  readonly extreme: number;
  readonly previousMin: number;
  readonly previousMax: number;
  /** Signed excess beyond the recent extremes as a fraction of the recent range; 0 when inside or not checked. */
  readonly recentExtreme: number;
  readonly recentMin: number;
  readonly recentMax: number;
  /** −1 when the last SUSTAINED_RUN values all lie well below every earlier span's highest (see SUSTAINED_TOLERANCE), −2 when they collapsed (COLLAPSE_FRACTION); 0 otherwise. */
  readonly sustained: number;
  /** +1 (−1) when the last HOUR_RUN values all lie well above (below) their hours' usual levels, +2 (−2) when the last HOUR_MEAN_RUN do on average (hour-of-day-profile.ts); 0 otherwise. */
  readonly hourly: number;
  /** Nearest-pattern distance relative to what is usual around that neighbour; 0 when not computed. */
  readonly ratio: number;
  readonly likelihood?: Likelihood | undefined;
  readonly muted: boolean;
}

/** Ring capacity for the kept history (a power of two above HISTORY_LENGTH). */
const RING = 512;
const RING_MASK = RING - 1;
/** Ring capacity for recent spans' highest values (a power of two above SUSTAINED_RUN). */
const SPAN_RING = 64;
const SPAN_RING_MASK = SPAN_RING - 1;
/** Coming values whose nearest patterns are found in one go (see {@link OnlineDetector.expect}). */
const CHUNK = 4096;

/**
 * The detector over one series, working on ring buffers restored from (and written back to) the
 * JSON state. Scores one value at a time with four causal signals: the distance of the latest
 * sub-sequence to its nearest earlier one, relative to that neighbour's own distance (a
 * local-outlier-factor style ratio, Breunig et al. 2000, so that naturally irregular stretches
 * are not alarming); a new extreme beyond the range seen so far, or well beyond the recent range;
 * and, on top, the anomaly likelihood of the averaged raw scores (Ahmad et al. 2017). After an
 * alert the next QUIET_POINTS reading intervals are muted, as Numenta's and CAD OSE's NAB detectors do,
 * unless they set a new all-time extreme. A recent-range break scores 1 only while such breaks
 * are rare for the series (see BREAK_LIMIT), as does a sustained drop below every earlier
 * half-hour span (SUSTAINED_TOLERANCE), and a long run far from the usual level for its hours of
 * the day in a series with a daily shape (hour-of-day-profile.ts; the caller sets `hour`); a count
 * collapsing to almost nothing always does (COLLAPSE_FRACTION). Each further alert of a series soon after others scores
 * lower (see REPEAT_DISCOUNT_POWER and ALERT_HALF_LIFE), still at or above the alert level.
 */
export class OnlineDetector {
  // Every numeric field starts as a number, never undefined (an ES2022 field declared without a
  // value is first defined as undefined, and V8 then keeps it as a tagged field that boxes a new
  // heap number on every store of a fraction: several allocations per point).
  /** Points seen. */
  n = 0;
  /** Seconds between the first two points, for the short-series path's cycle. */
  spacing: number | undefined;
  /** Epoch ms of the last point. */
  lastT: number | undefined;
  /** Hour of the day (0–23) of the next value to {@link step}, set by the caller; −1 when unknown. */
  hour = -1;
  /** Nominal reading intervals since the previous value, set by {@link at}; 1 when unknown. */
  private slots = 1;
  /** The next value's timestamp (set by {@link at}) and whether its time was read. */
  private timestamp: string | number = 0;
  private stamped = true;
  private readonly grid: ReadingGrid;
  private min = 0;
  private max = 0;
  private typical = 0;
  private quiet = 0;
  private alerts = 0;
  private breaks = 0;
  private readonly likelihoodState: LikelihoodState;
  /** The kept history then the next chunk of coming values (rounded), and their nearest patterns. */
  private readonly chunkValues = new Float64Array(HISTORY_LENGTH + CHUNK);
  private readonly chunkSums = new Float64Array(HISTORY_LENGTH + CHUNK);
  private readonly chunkLags = new Int32Array(HISTORY_LENGTH + CHUNK);
  /** Where in chunkValues the next step's value is, and where the prepared ones end. */
  private chunkAt = 0;
  private chunkEnd = 0;
  /** Values announced by {@link expect} and how many of them have been prepared. */
  private coming: readonly { readonly value: number }[] = [];
  private comingAt = 0;
  /** Kept values and their nearest-pattern distances, by absolute point number mod RING. */
  private readonly values = new Float64Array(RING);
  private readonly distances = new Float64Array(RING);
  private kept = 0;
  /** Extremes of the kept history. */
  private readonly recent = new SlidingExtremes(HISTORY_LENGTH);
  /** Extremes of the last SUSTAINED_SPAN kept values. */
  private readonly span = new SlidingExtremes(SUSTAINED_SPAN);
  /** Extremes of the last SUSTAINED_RUN − 1 kept values (between steps). */
  private readonly run = new SlidingExtremes(SPAN_RING);
  /** The highest value of the span ending at each recent point number (mod SPAN_RING). */
  private readonly spanMaxAt = new Float64Array(SPAN_RING);
  /** The highest value of each whole span in the kept history (their minimum is used). */
  private readonly spanHighs = new SlidingExtremes(HISTORY_LENGTH);
  private readonly daily: HourOfDayProfile;
  private hourSeen: boolean;
  private readonly raws = new Float64Array(SHORT_WINDOW);
  private rawCount = 0;
  private lastScore = 0;
  private lastExtreme = 0;
  private previousMin = 0;
  private previousMax = 0;
  private lastRecentExcess = 0;
  private lastRecentMin = 0;
  private lastRecentMax = 0;
  private lastRatio = 0;
  private lastSustained = 0;
  private lastHourly = 0;
  /** The last step's likelihood, valid when `lastHasLikelihood` (kept in place: no object per point). */
  private readonly lastLikelihood = { z: 0, tail: 0, score: 0 };
  private lastHasLikelihood = false;
  private lastMuted = false;

  constructor(state: OnlineState) {
    this.n = state.n;
    this.spacing = state.spacing;
    this.lastT = state.lastT;
    this.min = state.min;
    this.max = state.max;
    this.typical = state.typical;
    this.quiet = state.quiet;
    this.alerts = state.alerts ?? 0;
    this.breaks = state.breaks ?? 0;
    this.daily = new HourOfDayProfile(state.hours);
    this.grid = new ReadingGrid(state.grid);
    this.hourSeen = state.hours !== undefined;
    // One literal site, so every detector's likelihood state has the same shape (a spread copy
    // takes the shape of its source, which differs between a fresh and a restored state).
    this.likelihoodState = {
      mean: state.likelihood.mean,
      variance: state.likelihood.variance,
      red: state.likelihood.red,
    };
    this.kept = state.values.length;
    const first = state.n - this.kept;
    state.values.forEach((v, i) => {
      this.values[(first + i) & RING_MASK] = v;
      this.distances[(first + i) & RING_MASK] = state.distances[i] ?? -1;
    });
    for (let t = first; t < state.n; t++) {
      const v = this.values[t & RING_MASK] as number;
      this.recent.push(t, v);
      this.learnSpans(t, v, first);
    }
    const raws = state.raws.slice(-SHORT_WINDOW);
    raws.forEach((r, i) => {
      this.raws[i] = r;
    });
    this.rawCount = raws.length;
  }

  /**
   * Adds kept value number `t` to the span and run extremes; `first` is the oldest kept point
   * number once it is added. A span's highest joins the reference once no run it overlaps can
   * still be judged against it (a run is never compared with its own spans).
   */
  private learnSpans(t: number, v: number, first: number): void {
    this.span.push(t, v);
    this.span.dropBefore(t + 1 - SUSTAINED_SPAN);
    this.spanMaxAt[t & SPAN_RING_MASK] = this.span.max;
    const settled = t + 1 - SUSTAINED_RUN;
    if (settled - first >= SUSTAINED_SPAN - 1)
      this.spanHighs.push(settled, this.spanMaxAt[settled & SPAN_RING_MASK] as number);
    // Keep the last SUSTAINED_RUN − 1 values: with the next value they make the next run.
    this.run.push(t, v);
    this.run.dropBefore(t + 2 - SUSTAINED_RUN);
  }

  /** The kept history, oldest first. */
  history(): number[] {
    const first = this.n - this.kept;
    return Array.from({ length: this.kept }, (_, i) => this.values[(first + i) & RING_MASK] as number);
  }

  /** The JSON state to continue from. */
  state(): OnlineState {
    const first = this.n - this.kept;
    const at = (ring: Float64Array) =>
      Array.from({ length: this.kept }, (_, i) => ring[(first + i) & RING_MASK] as number);
    const raws: number[] = [];
    for (let i = Math.max(0, this.rawCount - SHORT_WINDOW); i < this.rawCount; i++)
      raws.push(this.raws[i % SHORT_WINDOW] as number);
    const state: OnlineState = {
      version: 1,
      n: this.n,
      min: this.min,
      max: this.max,
      values: at(this.values),
      distances: at(this.distances),
      typical: this.typical,
      raws,
      likelihood: { ...this.likelihoodState },
      quiet: this.quiet,
      alerts: this.alerts,
      breaks: this.breaks,
    };
    if (this.hourSeen) state.hours = this.daily.state();
    const grid = this.grid.state();
    if (grid) state.grid = grid;
    if (this.spacing !== undefined) state.spacing = this.spacing;
    if (this.lastT !== undefined) state.lastT = this.lastT;
    return state;
  }

  /**
   * Sets the hour of the day (−1 when unknown) and the timestamp of the next value to
   * {@link step}. Its time is read only when needed: during a quiet period (whose length is
   * counted in reading intervals), for the reading grid (see ReadingGrid.wants), or after the
   * step when the value raises an alert (the quiet period starts from it).
   */
  at(hour: number, timestamp: string | number): void {
    this.hour = hour;
    this.timestamp = timestamp;
    this.stamped = this.quiet > 0 || typeof timestamp === 'number' || this.grid.wants(hour);
    if (this.stamped) {
      this.slots = this.grid.advance(writtenClockMs(timestamp), hour);
    } else {
      this.grid.pass();
      this.slots = 1;
    }
  }

  /** What the last {@link step} found, for the reasons shown with a flagged point. */
  outcome(): StepOutcome {
    return {
      score: this.lastScore,
      extreme: this.lastExtreme,
      previousMin: this.previousMin,
      previousMax: this.previousMax,
      recentExtreme: this.lastRecentExcess,
      recentMin: this.lastRecentMin,
      recentMax: this.lastRecentMax,
      sustained: this.lastSustained,
      hourly: this.lastHourly,
      ratio: this.lastRatio,
      likelihood: this.lastHasLikelihood ? { ...this.lastLikelihood } : undefined,
      muted: this.lastMuted,
    };
  }

  /**
   * Announces the points whose values the next steps will score, in order, so their nearest patterns are found
   * a chunk at a time (lags outer, steps inner) rather than point by point. Optional: a step whose
   * value was not announced finds its own.
   */
  expect(points: readonly { readonly value: number }[]): void {
    this.coming = points;
    this.comingAt = 0;
    this.chunkAt = this.chunkEnd = 0;
  }

  /** Copies the kept history and the next coming values (at least `value`) in, and finds their nearest patterns. */
  private prepareChunk(value: number): void {
    const first = this.n - this.kept;
    for (let i = 0; i < this.kept; i++) this.chunkValues[i] = this.values[(first + i) & RING_MASK] as number;
    let end = this.kept;
    if (this.comingAt < this.coming.length && this.coming[this.comingAt]?.value === value) {
      const stop = Math.min(this.coming.length, this.comingAt + CHUNK);
      for (; this.comingAt < stop; this.comingAt++)
        this.chunkValues[end++] = roundSignificant(this.coming[this.comingAt]?.value as number, 6);
    } else {
      this.coming = [];
      this.chunkValues[end++] = roundSignificant(value, 6);
    }
    nearestPatterns(this.chunkValues, this.kept, end, HISTORY_LENGTH, this.chunkSums, this.chunkLags);
    this.chunkAt = this.kept;
    this.chunkEnd = end;
  }

  /** Scores one value and learns from it; returns the score in [0, 1]. */
  step(value: number): number {
    const span = this.max - this.min;
    const range = Number.isFinite(span) ? span : Number.MAX_VALUE;
    const previousMin = this.min;
    const previousMax = this.max;
    let extreme = 0;
    if (this.n > 0 && range > 0) {
      if (value > this.max + EXTREME_TOLERANCE * range) extreme = (value - this.max) / range;
      else if (value < this.min - EXTREME_TOLERANCE * range) extreme = (value - this.min) / range;
    }
    // Beyond the range of the kept history, once that history is full.
    let recentExcess = 0;
    const full = this.kept >= HISTORY_LENGTH;
    if (full) {
      const recentMin = this.recent.min;
      const recentMax = this.recent.max;
      const recentRange = recentMax - recentMin;
      if (recentRange > 0 && value > recentMax + RECENT_EXTREME_TOLERANCE * recentRange)
        recentExcess = (value - recentMax) / recentRange;
      else if (recentRange > 0 && value < recentMin - RECENT_EXTREME_TOLERANCE * recentRange)
        recentExcess = (value - recentMin) / recentRange;
    }
    if (this.chunkAt >= this.chunkEnd) this.prepareChunk(value);
    const at = this.chunkAt++;
    const rounded = this.chunkValues[at] as number;
    // The run ending here (this value and the SUSTAINED_RUN − 1 before it) against the earlier spans kept.
    let sustained = 0;
    if (full) {
      const runMax = Math.max(this.run.max, rounded);
      const lowestHigh = this.spanHighs.min;
      const margin = SUSTAINED_TOLERANCE * (this.recent.max - this.recent.min);
      if (this.min >= 0 && lowestHigh > 0 && runMax < COLLAPSE_FRACTION * lowestHigh) sustained = -2;
      else if (margin > 0 && runMax < lowestHigh - margin) sustained = -1;
    }
    // Far from the usual level for the hour of day, for long, in a series with a daily shape.
    let hourly = 0;
    if (this.hour >= 0) {
      this.daily.readingShare(this.grid.coverage);
      this.hourSeen = true;
      hourly = this.daily.judge(this.hour, rounded, this.recent.max - this.recent.min, full);
    }
    const broken = recentExcess !== 0 || sustained !== 0 || hourly !== 0;
    const outlying = extreme !== 0 || broken;
    // A break of the recent range is routine in a series that keeps breaking it (bursty counts):
    // then the likelihood, which learns how often raw scores hit 1, judges it instead.
    // A collapse always scores 1 (see COLLAPSE_FRACTION).
    const decisive = extreme !== 0 || sustained === -2 || (broken && this.breaks < BREAK_LIMIT);
    if (broken) this.breaks++;

    const bestSum = this.chunkSums[at] as number;
    let distance = -1;
    let ratio = 0;
    let patternRaw = 0;
    if (bestSum >= 0) {
      const unit = range > 0 ? range : Math.abs(value) > 0 ? Math.abs(value) : 1;
      const d = Math.sqrt(bestSum / PATTERN_LENGTH) / unit;
      const local = this.distances[(this.n - (this.chunkLags[at] as number)) & RING_MASK] as number;
      const reference = local >= 0 ? local + LOCAL_SMOOTHING * this.typical : this.typical;
      const r = d / (reference > 0 ? reference : 1e-12);
      // Values near ±Number.MAX_VALUE can overflow the arithmetic; such a point teaches nothing.
      if (Number.isFinite(d) && Number.isFinite(r)) {
        distance = d;
        ratio = r;
        patternRaw = r / (r + RATIO_AT_HALF);
      }
    }
    this.raws[this.rawCount % SHORT_WINDOW] = outlying ? 1 : patternRaw;
    this.rawCount++;
    const count = Math.min(this.rawCount, SHORT_WINDOW);
    let total = 0;
    // Oldest first, as always (the same sum bit for bit), wrapping without a division per score.
    for (let k = 0, i = (this.rawCount - count) % SHORT_WINDOW; k < count; k++) {
      total += this.raws[i] as number;
      i = i + 1 === SHORT_WINDOW ? 0 : i + 1;
    }
    const recentMean = total / count;

    let score = 0;
    const likely = this.n >= WARMUP;
    if (likely) {
      assessLikelihood(this.likelihoodState, recentMean, this.lastLikelihood);
      score = decisive ? 1 : this.lastLikelihood.score;
    }
    let muted = false;
    // Muted while the quiet period covers this value's reading interval (on a regular grid,
    // exactly the QUIET_POINTS values that follow); a value after a gap past its end is scored.
    if (this.quiet >= this.slots && extreme === 0) {
      this.quiet -= this.slots;
      muted = score > 0;
      score = 0;
    } else if (this.quiet > 0 && extreme === 0 && score < ALERT_LEVEL) {
      this.quiet = 0;
    } else if (score >= ALERT_LEVEL) {
      this.quiet = QUIET_POINTS;
      if (!this.stamped) this.grid.stamp(writtenClockMs(this.timestamp), this.hour);
      score = ALERT_LEVEL + (score - ALERT_LEVEL) / (1 + this.alerts) ** REPEAT_DISCOUNT_POWER;
      this.alerts++;
    }
    this.alerts = this.alerts >= ALERT_FLOOR ? this.alerts * ALERT_DECAY : 0;
    this.breaks = this.breaks >= ALERT_FLOOR ? this.breaks * ALERT_DECAY : 0;

    const rate = this.n < 1 / LONG_RATE ? 1 / (this.n + 1) : LONG_RATE;
    learnLikelihood(this.likelihoodState, recentMean, rate);
    if (distance >= 0) this.typical += rate * (distance - this.typical);
    if (this.n === 0 || value < this.min) this.min = value;
    if (this.n === 0 || value > this.max) this.max = value;

    // Kept as fields and assembled only for a flagged point (an object per point costs GC time).
    this.lastScore = score;
    this.lastExtreme = extreme;
    this.previousMin = previousMin;
    this.previousMax = previousMax;
    this.lastRecentExcess = recentExcess;
    this.lastRecentMin = full ? this.recent.min : 0;
    this.lastRecentMax = full ? this.recent.max : 0;
    this.lastRatio = ratio;
    this.lastSustained = sustained;
    this.lastHourly = hourly;
    this.lastHasLikelihood = likely;
    this.lastMuted = muted;
    const slot = this.n & RING_MASK;
    this.values[slot] = rounded;
    this.distances[slot] = distance >= 0 ? roundSignificant(distance, 3) : -1;
    this.recent.push(this.n, rounded);
    this.learnSpans(this.n, rounded, this.n - this.kept + (full ? 1 : 0));
    this.n++;
    if (!full) this.kept++;
    this.recent.dropBefore(this.n - this.kept);
    this.spanHighs.dropBefore(this.n - this.kept + SUSTAINED_SPAN - 1);
    return score;
  }
}
