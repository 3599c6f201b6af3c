/**
 * Locates the public benchmark data that lives beside the clone (`../shared/data`, see its README),
 * resolved from this file rather than the working directory, and decides whether a data-driven test
 * runs: it skips with a message on a developer machine without the data, and fails under CI.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<clone>/../shared/data`, from `<clone>/test/support/`. */
export const BENCHMARK_DATA_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'data',
);

/** A benchmark dataset's directory and whether it is present. */
export interface BenchmarkData {
  readonly root: string;
  readonly available: boolean;
}

/**
 * The dataset `name` (`m4`, `nab`, `tourism`), present when `probe` (a path inside it) exists.
 * Why it throws under CI: CI runs with `../shared` beside the clone, so a missing dataset there is a
 * broken setup, and skipping would turn the regression guards off silently.
 */
export function benchmarkData(name: string, probe = '', env: NodeJS.ProcessEnv = process.env): BenchmarkData {
  const root = join(BENCHMARK_DATA_ROOT, name);
  const available = existsSync(join(root, probe));
  if (!available) {
    const message = `${join(root, probe)} is absent (see ../shared/data/README.md)`;
    if (env['CI']) throw new Error(`CI is set but the benchmark data is missing: ${message}`);
    console.warn(`[${name}] skipping data-driven tests: ${message}`);
  }
  return { root, available };
}
