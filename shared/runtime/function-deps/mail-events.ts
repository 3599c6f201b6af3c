/** What the mail-events function runs with: the suppressions in Postgres. */
import { createLogger } from '../http-handler';
import { suppressionStore } from '../report-stores';
import { type Runtime, runtime } from '../runtime';

export function mailEventsDeps(rt: Runtime = runtime()) {
  return {
    suppressions: suppressionStore(rt),
    logger: createLogger('mail-events'),
  };
}
