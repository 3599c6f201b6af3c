/**
 * Finds the files the chart renderer needs at run time: resvg's WebAssembly module and the
 * TrueType fonts (resvg draws no text without them). In a deployed bundle they sit in
 * `chart-assets/` beside it (see chartAssetFiles); from source they are read from node_modules.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where each asset comes from (a package path) and its name in the bundle's `chart-assets/`. */
export const chartAssetFiles = {
  wasm: { from: '@resvg/resvg-wasm/index_bg.wasm', name: 'resvg.wasm' },
  fonts: [
    { from: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', name: 'DejaVuSans.ttf' },
    { from: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', name: 'DejaVuSans-Bold.ttf' },
  ],
} as const;

/** The folder name beside a bundle that holds the assets. */
export const chartAssetsDirName = 'chart-assets';

export interface ChartAssets {
  readonly wasm: Uint8Array;
  readonly fonts: readonly Uint8Array[];
}

/** Absolute source paths of every asset, resolved from node_modules (for copying beside a bundle). */
export function chartAssetSources(): { readonly from: string; readonly name: string }[] {
  const require = createRequire(import.meta.url);
  return [chartAssetFiles.wasm, ...chartAssetFiles.fonts].map((f) => ({
    from: require.resolve(f.from),
    name: f.name,
  }));
}

/**
 * Reads the assets from `dir` when given, else from `chart-assets/` beside this module's file
 * (the bundle), else from node_modules.
 */
export async function loadChartAssets(dir?: string): Promise<ChartAssets> {
  const beside = join(dirname(fileURLToPath(import.meta.url)), chartAssetsDirName);
  const folder = dir ?? (existsSync(beside) ? beside : undefined);
  const paths = folder
    ? [chartAssetFiles.wasm, ...chartAssetFiles.fonts].map((f) => join(folder, f.name))
    : chartAssetSources().map((f) => f.from);
  const [wasm, ...fonts] = await Promise.all(paths.map((p) => readFile(p)));
  if (!wasm) throw new Error('resvg WebAssembly module not found');
  return { wasm, fonts };
}
