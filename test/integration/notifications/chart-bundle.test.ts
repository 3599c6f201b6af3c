/**
 * The chart renderer as a Lambda runs it: bundled with PlatformFunction's esbuild settings into a
 * folder without node_modules, the WebAssembly module and fonts copied beside the bundle under
 * `chart-assets/`. Proves wasm and font loading survive bundling, not only the source.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../../infra/constructs/bundling';
import { chartAssetSources, chartAssetsDirName } from '../../../shared/adapters/charts/chart-assets';
import { pngSize } from '../../support/notifications/png';

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'nexus-chart-bundle-'));
  await build({
    ...esbuildOptions('test/support/notifications/chart-bundle-entry.ts', 'bundled'),
    outfile: join(outDir, 'index.mjs'),
  });
  mkdirSync(join(outDir, chartAssetsDirName));
  for (const asset of chartAssetSources())
    copyFileSync(asset.from, join(outDir, chartAssetsDirName, asset.name));
  writeFileSync(join(outDir, 'package.json'), '{"type":"module"}');
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('chart rendering (bundled as deployed)', () => {
  it('renders a PNG from the bundle with the assets beside it', async () => {
    const { handler } = (await import(pathToFileURL(join(outDir, 'index.mjs')).href)) as {
      handler: () => Promise<{ png: string; width: number; widthPx: number }>;
    };

    const result = await handler();

    const png = Buffer.from(result.png, 'base64');
    expect(pngSize(png).width).toBe(result.widthPx);
    expect(result.widthPx).toBe(Math.round(result.width * 2));
    // A chart with axes, labels, bands and a title: tens of kilobytes, not an empty frame.
    expect(png.length).toBeGreaterThan(20_000);
    console.info(`chart bundle ${(statSync(join(outDir, 'index.mjs')).size / 1024).toFixed(0)} KB`);
  }, 60_000);
});
