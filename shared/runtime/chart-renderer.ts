/**
 * Charts as PNG without a browser (resvg-wasm). The WebAssembly module and fonts are read on the
 * first render, from `chart-assets/` beside the bundle (a function that draws charts ships them
 * there: see chartAssetSources) or from node_modules when run from source.
 */
import { loadChartAssets } from '../adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../adapters/charts/resvg-chart-renderer';
import type { ChartRenderer } from '../ports/chart-renderer';
import { type Runtime, runtime } from './runtime';

export function chartRenderer(_rt: Runtime = runtime()): ChartRenderer {
  return new ResvgChartRenderer(() => loadChartAssets());
}
