/**
 * A tiny Lambda-shaped entry that renders an alert's chart and email: the bundle test builds
 * and runs it as deployed (WebAssembly, fonts and MJML inside an esbuild bundle).
 */
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { seriesChartSpec } from '../../../shared/domain/charts/series-chart';
import { alertEmail } from '../../../shared/domain/notifications/alert-notice';
import { renderEmail } from '../../../shared/domain/notifications/render-email';
import { firingNotice } from './alert-fixtures';
import { alertChartInput } from './series-fixtures';

export interface BundleResult {
  readonly png: string;
  readonly width: number;
  readonly widthPx: number;
  readonly html: string;
  readonly text: string;
}

export async function handler(): Promise<BundleResult> {
  const renderer = new ResvgChartRenderer(() => loadChartAssets());
  const image = await renderer.render(seriesChartSpec(alertChartInput({ title: 'Signups' })));
  const email = await renderEmail(alertEmail(firingNotice()));
  return {
    png: Buffer.from(image.png).toString('base64'),
    width: image.width,
    widthPx: image.widthPx,
    html: email.html,
    text: email.text,
  };
}
