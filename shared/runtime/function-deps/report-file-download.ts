/** What the report-file download link runs with: the links' signing key and the report-files bucket (read). */
import { createLogger } from '../http-handler';
import { reportFileStore } from '../report-stores';
import { type Runtime, runtime } from '../runtime';
import { unsubscribeSigningKey } from '../unsubscribe-links';

export function reportFileDownloadDeps(rt: Runtime = runtime()) {
  return {
    signingKey: unsubscribeSigningKey(rt),
    files: reportFileStore(rt),
    now: () => new Date(),
    logger: createLogger('report-file-download'),
  };
}
