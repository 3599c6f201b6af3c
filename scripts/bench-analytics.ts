/**
 * Analytics speed benchmark on one core (this process): forecasting many series of a given
 * length, and online anomaly detection throughput. Series are synthetic (daily cycle, trend,
 * noise; seeded), so runs compare.
 * Usage: npm run bench:analytics -- [--series 1000] [--points 300] [--horizon 24] [--detect-points 1000000]
 * Targets (issue 15): 1,000 series of 300 points forecast in <= 2 s; detection >= 1,000,000 points/s.
 * Times are this process's CPU time (process.cpuUsage), so other processes on a shared machine do
 * not count against it; wall time is printed beside it. A reference loop (one multiply-add per
 * element) shows how fast this core is at the moment: about 1 ns per multiply-add on an idle
 * modern core, several times that on a contended one.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { SeriesPoint } from '../shared/domain/analytics/contracts';
import { detect } from '../shared/domain/analytics/detect/detect';
import { forecast } from '../shared/domain/analytics/forecast/forecast';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '1000' },
    points: { type: 'string', default: '300' },
    horizon: { type: 'string', default: '24' },
    'detect-points': { type: 'string', default: '1000000' },
  },
});
const seriesCount = Number(args.series);
const length = Number(args.points);
const horizon = Number(args.horizon);
const detectPoints = Number(args['detect-points']);

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function synthetic(seed: number, n: number): number[] {
  const rand = lcg(seed);
  const amplitude = 5 + 10 * rand();
  const slope = (rand() - 0.5) * 0.1;
  return Array.from(
    { length: n },
    (_, t) => 100 + slope * t + amplitude * Math.sin((2 * Math.PI * t) / 24) + 3 * (rand() - 0.5),
  );
}

/** CPU seconds (user + system) of this process since `from`. */
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};

function referenceNanoseconds(): number {
  const xs = new Float64Array(1000).fill(1.5);
  const started = process.cpuUsage();
  let sum = 0;
  for (let r = 0; r < 20_000; r++) for (let i = 0; i < xs.length; i++) sum += (xs[i] ?? 0) * (xs[i] ?? 0);
  const ns = (cpuSeconds(started) * 1e9) / 2e7;
  return sum > 0 ? ns : Number.NaN;
}

const inputs = Array.from({ length: seriesCount }, (_, i) => synthetic(i + 1, length));
const methods = new Map<string, number>();
const reference = referenceNanoseconds();
const c0 = process.cpuUsage();
const t0 = performance.now();
for (const values of inputs) {
  const result = forecast(values, { horizon });
  methods.set(result.method, (methods.get(result.method) ?? 0) + 1);
}
const forecastSeconds = cpuSeconds(c0);
const forecastWall = (performance.now() - t0) / 1000;

const stream = synthetic(0, detectPoints);
const start = Date.UTC(2026, 0, 1);
const points: SeriesPoint[] = stream.map((value, i) => ({
  timestamp: new Date(start + i * 60_000).toISOString(),
  value,
}));
const c1 = process.cpuUsage();
const t1 = performance.now();
const detected = detect(points);
const detectSeconds = cpuSeconds(c1);
const detectWall = (performance.now() - t1) / 1000;

console.log(
  `reference loop: ${reference.toFixed(2)} ns per multiply-add (CPU time; about 1 on an idle modern core)`,
);
console.log(
  `forecast: ${seriesCount} series x ${length} points, horizon ${horizon}: ${forecastSeconds.toFixed(2)} s CPU, ${forecastWall.toFixed(2)} s wall (${((1000 * forecastSeconds) / seriesCount).toFixed(2)} ms/series); target <= 2 s for 1000 x 300`,
);
console.log(
  `  methods chosen: ${[...methods]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([m, c]) => `${m} ${c}`)
    .join(', ')}`,
);
console.log(
  `detect: ${detectPoints} points in ${detectSeconds.toFixed(2)} s CPU, ${detectWall.toFixed(2)} s wall, ${Math.round(detectPoints / detectSeconds).toLocaleString('en')} points/s (${detected.anomalies.length} flagged); target >= 1,000,000 points/s`,
);
console.log(
  `forecast seconds: ${forecastSeconds.toFixed(2)} detect points/s: ${Math.round(detectPoints / detectSeconds)}`,
);
