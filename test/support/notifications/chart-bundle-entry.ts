/** A tiny Lambda-shaped entry that renders a chart: the bundle test builds and runs it as deployed. */
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { seriesChartSpec } from '../../../shared/domain/charts/series-chart';
import { alertChartInput } from './series-fixtures';

export async function handler(): Promise<{ png: string; width: number; widthPx: number }> {
  const renderer = new ResvgChartRenderer(await loadChartAssets());
  const image = await renderer.render(seriesChartSpec(alertChartInput({ title: 'Signups' })));
  return { png: Buffer.from(image.png).toString('base64'), width: image.width, widthPx: image.widthPx };
}
