/** ResvgChartRenderer with the real WebAssembly module and fonts, from source. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChartAssets, loadChartAssets } from '../../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../../shared/adapters/charts/resvg-chart-renderer';
import { seriesChartSpec } from '../../../../shared/domain/charts/series-chart';
import { pngSize } from '../../../support/notifications/png';
import { alertChartInput } from '../../../support/notifications/series-fixtures';

let assets: ChartAssets;
beforeAll(async () => {
  assets = await loadChartAssets();
});

describe('ResvgChartRenderer', () => {
  it('renders a series chart to a PNG at twice the spec size', async () => {
    const renderer = new ResvgChartRenderer(assets);

    const image = await renderer.render(seriesChartSpec(alertChartInput({ width: 500, height: 200 })));

    expect(pngSize(image.png)).toEqual({ width: image.widthPx, height: image.heightPx });
    expect(image.width).toBeGreaterThanOrEqual(500);
    expect(image.widthPx).toBe(Math.round(image.width * 2));
    expect(image.heightPx / image.widthPx).toBeCloseTo(image.height / image.width, 2);
  });

  it('draws text only with the fonts it is given', async () => {
    const spec = seriesChartSpec(alertChartInput({ title: 'Signups' }));

    const withFonts = await new ResvgChartRenderer(assets, { pixelRatio: 1 }).render(spec);
    const withoutFonts = await new ResvgChartRenderer({ ...assets, fonts: [] }, { pixelRatio: 1 }).render(
      spec,
    );

    // Glyphs add edges that compress worse than empty space: the labelled image is clearly larger.
    expect(withFonts.png.length).toBeGreaterThan(withoutFonts.png.length * 1.15);
  });

  it('refuses a spec that would fetch its data from a URL', async () => {
    const renderer = new ResvgChartRenderer(assets);

    await expect(
      renderer.render({
        data: { url: 'http://169.254.169.254/latest/meta-data/' },
        mark: 'line',
        encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
      }),
    ).rejects.toThrow(/external data/);
  });
});
