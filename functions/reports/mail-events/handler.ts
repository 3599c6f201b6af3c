/** Lambda entry of SES bounce and complaint events: suppresses the addresses for their tenant. */
import { mailEventsDeps } from '../../../shared/runtime/function-deps/mail-events';
import { makeMailEventsHandler } from './mail-events';

export const handler = makeMailEventsHandler(mailEventsDeps());
