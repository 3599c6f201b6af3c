/** Port for sending one email to one recipient (SES in AWS and against its local stand-in). */

export interface EmailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
  /** `inline` with a contentId for images the HTML shows by `cid:`; `attachment` for files (CSV). */
  readonly disposition: 'inline' | 'attachment';
  /** Without `cid:` and angle brackets; required for inline parts. */
  readonly contentId?: string;
}

export interface EmailHeader {
  readonly name: string;
  readonly value: string;
}

export interface OutgoingEmail {
  /** Exactly one recipient: every message is personal (its unsubscribe link, its delivery record). */
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments?: readonly EmailAttachment[];
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  readonly headers?: readonly EmailHeader[];
  /** Names and values the provider attaches to delivery events (tenant, alert or report id). */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SentEmail {
  readonly messageId: string;
}

/** The message would exceed the provider's size limit; send a link instead of the attachment. */
export class MessageTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`Email of about ${bytes} bytes exceeds the ${limit} byte limit`);
    this.name = 'MessageTooLargeError';
  }
}

export interface Mailer {
  /** Sends `email`; throws MessageTooLargeError before sending anything too large. */
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/** SES v2's limit for a message including attachments after MIME encoding. */
export const maxEmailBytes = 10 * 1024 * 1024;

/** The encoded size of `email`: attachments grow by 4/3 in base64, plus headers and parts. */
export function estimatedEmailBytes(email: OutgoingEmail): number {
  const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
  const attachments = (email.attachments ?? []).reduce(
    (sum, a) => sum + Math.ceil(a.content.length / 3) * 4 + 300,
    0,
  );
  const headers = (email.headers ?? []).reduce((sum, h) => sum + utf8(h.name) + utf8(h.value) + 4, 0);
  return utf8(email.html) + utf8(email.text) + utf8(email.subject) + attachments + headers + 2_000;
}
