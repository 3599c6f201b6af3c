/**
 * What the bench scripts share: numeric command-line options, nearest-rank percentiles, and a
 * local platform started quietly in a temporary directory.
 */
import { parseArgs } from 'node:util';
import { type E2ePlatform, startTempPlatform } from '../test/support/e2e-platform';

type NumericArgs<D> = { [K in keyof D]: D[K] extends number ? number : number | undefined };

/**
 * Parses `--name value` options into numbers, each defaulting to its entry in `defaults`
 * (undefined: no default). A value that is not a finite number stops the script with exit code 2.
 */
export function numericArgs<D extends Record<string, number | undefined>>(defaults: D): NumericArgs<D> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      Object.entries(defaults).map(([name, value]) => [
        name,
        value === undefined
          ? { type: 'string' as const }
          : { type: 'string' as const, default: String(value) },
      ]),
    ),
  });
  const parsed: Record<string, number | undefined> = {};
  for (const name of Object.keys(defaults)) {
    const text = values[name];
    if (text === undefined) continue;
    const value = Number(text);
    if (typeof text !== 'string' || !Number.isFinite(value)) {
      console.error(`--${name} must be a number, got ${String(text)}`);
      process.exit(2);
    }
    parsed[name] = value;
  }
  return parsed as NumericArgs<D>;
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** The same for a list in any order. */
export const percentileOf = (values: readonly number[], p: number): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );

/**
 * The local platform on free ports in a fresh temporary directory, logging warnings only
 * (handlers' INFO lines, one per request and batch, would bury the figures and cost CPU).
 */
export function startBenchPlatform(name: string): Promise<E2ePlatform> {
  return startTempPlatform(`nexus-${name}`, { logLevel: 'WARN' });
}
