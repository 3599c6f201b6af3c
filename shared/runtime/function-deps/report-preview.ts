/** What the report preview runs with: the runner's content sources, charts, unsubscribe links and files bucket, but no mailer. */
import { chartRenderer } from '../chart-renderer';
import { createLogger } from '../http-handler';
import { reportContentSources } from '../report-content-sources';
import { reportFileStore, reportStore } from '../report-stores';
import { type Runtime, runtime } from '../runtime';
import { reportFileLinks, unsubscribeLinks } from '../unsubscribe-links';

export function reportPreviewDeps(rt: Runtime = runtime()) {
  return {
    reports: reportStore(rt),
    unsubscribeUrl: unsubscribeLinks(rt),
    files: reportFileStore(rt),
    fileUrl: reportFileLinks(rt),
    charts: chartRenderer(rt),
    content: reportContentSources(rt),
    now: () => new Date(),
    logger: createLogger('report-preview'),
  };
}
