/**
 * Mailer on SES v2 `SendEmail` with `Content.Simple`: HTML and text bodies, attachments (inline
 * with content ids, or attached) and custom headers, without building MIME by hand.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  estimatedEmailBytes,
  type Mailer,
  MessageTooLargeError,
  maxEmailBytes,
  type OutgoingEmail,
  type SentEmail,
} from '../../ports/mailer';

export interface SesMailerOptions {
  /** The verified sender, e.g. `Nexus <alerts@example.com>`. */
  readonly from: string;
  /** Records bounces and complaints; unset locally. */
  readonly configurationSetName?: string | undefined;
}

/** SES tag values allow only ASCII letters, digits, `_`, `-`, `.` and `@`. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_\-.@]/g, '_').slice(0, 256);
}

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {}

  async send(email: OutgoingEmail): Promise<SentEmail> {
    const bytes = estimatedEmailBytes(email);
    if (bytes > maxEmailBytes) throw new MessageTooLargeError(bytes, maxEmailBytes);
    const attachments = (email.attachments ?? []).map((a) => {
      if (a.disposition === 'inline' && !a.contentId)
        throw new RangeError(`Inline attachment ${a.filename} needs a content id`);
      return {
        FileName: a.filename,
        ContentType: a.contentType,
        RawContent: a.content,
        ContentDisposition: a.disposition === 'inline' ? ('INLINE' as const) : ('ATTACHMENT' as const),
        ContentTransferEncoding: 'BASE64' as const,
        ContentId: a.contentId,
      };
    });
    const tags = Object.entries(email.tags ?? {}).map(([Name, Value]) => ({
      Name: tagValue(Name),
      Value: tagValue(Value),
    }));
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Html: { Data: email.html, Charset: 'UTF-8' },
              Text: { Data: email.text, Charset: 'UTF-8' },
            },
            Attachments: attachments.length > 0 ? attachments : undefined,
            Headers: email.headers?.length
              ? email.headers.map((h) => ({ Name: h.name, Value: h.value }))
              : undefined,
          },
        },
        ConfigurationSetName: this.options.configurationSetName || undefined,
        EmailTags: tags.length > 0 ? tags : undefined,
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the email but returned no message id');
    return { messageId: result.MessageId };
  }
}
