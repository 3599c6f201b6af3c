/**
 * What the report runner runs with: the report store and suppressions, every content source, the
 * chart renderer, the mailer, unsubscribe links and the bucket of files too large to attach.
 */
import { randomUUID } from 'node:crypto';
import { chartRenderer } from '../chart-renderer';
import { createLogger, createMetrics } from '../http-handler';
import { mailer } from '../mailer';
import { reportContentSources } from '../report-content-sources';
import { reportFileStore, reportStore, suppressionStore } from '../report-stores';
import { type Runtime, runtime } from '../runtime';
import { reportFileLinks, unsubscribeLinks } from '../unsubscribe-links';

export function reportRunnerDeps(rt: Runtime = runtime()) {
  return {
    reports: reportStore(rt),
    suppressions: suppressionStore(rt),
    unsubscribeUrl: unsubscribeLinks(rt),
    files: reportFileStore(rt),
    fileUrl: reportFileLinks(rt),
    mailer: mailer(rt),
    charts: chartRenderer(rt),
    content: reportContentSources(rt),
    newId: randomUUID,
    now: () => new Date(),
    logger: createLogger('report-runner'),
    cloudMetrics: createMetrics('report-runner'),
  };
}
