import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../../shared/adapters/aws/ses-mailer';
import { definedProps } from '../../../../shared/domain/defined-props';

const ses = mockClient(SESv2Client);
const mailer = (configurationSetName?: string) =>
  new SesMailer(new SESv2Client({ region: 'eu-west-1' }), {
    from: 'Nexus <alerts@example.com>',
    ...definedProps({ configurationSetName }),
  });

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
});

describe('SesMailer', () => {
  it('sends Simple content to exactly one recipient, with the configuration set and tags SES accepts', async () => {
    const sent = await mailer('nexus-dev').send({
      to: 'ana@example.com',
      subject: 'Résumé',
      html: '<p>hi</p>',
      text: 'hi',
      tags: { tenant: 'acme corp', 'report id': 'rep/1' },
    });

    expect(sent).toEqual({ messageId: 'ses-1' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'Nexus <alerts@example.com>',
      Destination: { ToAddresses: ['ana@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Résumé', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>hi</p>', Charset: 'UTF-8' }, Text: { Data: 'hi', Charset: 'UTF-8' } },
        },
      },
      ConfigurationSetName: 'nexus-dev',
      EmailTags: [
        { Name: 'tenant', Value: 'acme_corp' },
        { Name: 'report_id', Value: 'rep_1' },
      ],
    });
  });

  it('fails loudly when SES returns no message id', async () => {
    ses.on(SendEmailCommand).resolves({});

    await expect(mailer().send({ to: 'a@example.com', subject: 's', html: 'h', text: 't' })).rejects.toThrow(
      /no message id/,
    );
  });
});
