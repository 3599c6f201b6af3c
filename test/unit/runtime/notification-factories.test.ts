/** The notification capability factories build their adapters from config alone, reading only their settings. */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { alertWebhookPayload } from '../../../shared/domain/notifications/alert-notice';
import { mailer } from '../../../shared/runtime/mailer';
import { Runtime } from '../../../shared/runtime/runtime';
import { webhookSender } from '../../../shared/runtime/webhook-sender';
import { firingNotice } from '../../support/notifications/alert-fixtures';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

describe('notification factories', () => {
  it('mailer sends from MAIL_FROM with the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const rt = new Runtime({ MAIL_FROM: 'alerts@nexus.example.com', SES_CONFIGURATION_SET: 'nexus-dev' });

    await mailer(rt).send({ to: 'a@example.com', subject: 's', html: 'h', text: 't' });

    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect([input?.FromEmailAddress, input?.ConfigurationSetName]).toEqual([
      'alerts@nexus.example.com',
      'nexus-dev',
    ]);
  });

  it('mailer names the missing setting', () => {
    expect(() => mailer(new Runtime({}))).toThrow(/MAIL_FROM/);
  });

  it('webhook sender admits loopback only in the local stage', async () => {
    const request = {
      url: 'http://127.0.0.1:9/hooks',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      messageId: 'm',
      payload: alertWebhookPayload(firingNotice(), new Date()),
    };

    const cloud = await webhookSender(new Runtime({ NEXUS_STAGE: 'prod' })).send(request);
    const local = await webhookSender(new Runtime({ NEXUS_STAGE: 'local' })).send(request);

    expect(cloud.outcome).toBe('refused');
    // Port 9 (discard) has no listener here: refused by the OS, so a retryable failure, not the guard.
    expect(local.outcome).toBe('failed');
    expect(local.retryable).toBe(true);
  });
});
