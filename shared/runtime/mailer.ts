/** Email to one recipient at a time: SES v2 (aws-ses-v2-local locally). Needs `mailer:send`. */
import { SesMailer } from '../adapters/aws/ses-mailer';
import type { Mailer } from '../ports/mailer';
import { sesClient } from './clients/ses-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';

export function mailer(rt: Runtime = runtime()): Mailer {
  const configurationSetName = rt.config.sesConfigurationSet;
  return new SesMailer(rt.client(sesClient), {
    from: required(rt.config, 'mailFrom'),
    configurationSetName,
  });
}
