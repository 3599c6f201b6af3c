/** What the unsubscribe function runs with: the signing key, the reports and the suppressions. */
import { createLogger } from '../http-handler';
import { reportStore, suppressionStore } from '../report-stores';
import { type Runtime, runtime } from '../runtime';
import { unsubscribeSigningKey } from '../unsubscribe-links';

export function reportUnsubscribeDeps(rt: Runtime = runtime()) {
  return {
    signingKey: unsubscribeSigningKey(rt),
    reports: reportStore(rt),
    suppressions: suppressionStore(rt),
    logger: createLogger('report-unsubscribe'),
  };
}
