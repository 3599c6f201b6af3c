/**
 * The chart renderer and email rendering as a Lambda runs them: bundled with PlatformFunction's esbuild settings into a
 * folder without node_modules, the WebAssembly module and fonts copied beside the bundle under
 * `chart-assets/`. Proves wasm, font loading and MJML survive bundling, not only the source.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../../infra/constructs/bundling';
import { chartAssetSources, chartAssetsDirName } from '../../../shared/adapters/charts/chart-assets';
import type { BundleResult } from '../../support/notifications/notification-bundle-entry';
import { pngSize } from '../../support/notifications/png';

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'nexus-notification-bundle-'));
  await build({
    ...esbuildOptions('test/support/notifications/notification-bundle-entry.ts', 'bundled'),
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

describe('notification rendering (bundled as deployed)', () => {
  it('renders a chart PNG and an alert email from the bundle with the assets beside it', async () => {
    const { handler } = (await import(pathToFileURL(join(outDir, 'index.mjs')).href)) as {
      handler: () => Promise<BundleResult>;
    };

    const result = await handler();

    const png = Buffer.from(result.png, 'base64');
    expect(pngSize(png).width).toBe(result.widthPx);
    expect(result.widthPx).toBe(Math.round(result.width * 2));
    // A chart with axes, labels, bands and a title: tens of kilobytes, not an empty frame.
    expect(png.length).toBeGreaterThan(20_000);
    expect(result.html).toContain('src="cid:chart-signups@nexus"');
    expect(result.text).toContain('[FIRING]');
    console.info(`notification bundle ${(statSync(join(outDir, 'index.mjs')).size / 1024).toFixed(0)} KB`);
  }, 60_000);
});
