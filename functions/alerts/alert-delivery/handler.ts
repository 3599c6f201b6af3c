/** Lambda entry of the alert delivery queue consumer (email and signed webhooks). */
import { alertDeliveryDeps } from '../../../shared/runtime/function-deps/alert-delivery';
import { makeAlertDeliveryHandler } from './alert-delivery';

export const handler = makeAlertDeliveryHandler(alertDeliveryDeps());
