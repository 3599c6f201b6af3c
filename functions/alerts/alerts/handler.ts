/** Lambda entry of /v1/alerts and /v1/alert-channels: a tenant's alert rules and channels. */
import { alertsDeps } from '../../../shared/runtime/function-deps/alerts';
import { makeAlertsHandler } from './alerts';

export const handler = makeAlertsHandler(alertsDeps());
