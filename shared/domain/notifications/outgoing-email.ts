/**
 * Turns a rendered email into the Mailer's message for one recipient: chart PNGs as inline
 * parts by content id, files as attachments, and the RFC 8058 one-click unsubscribe headers.
 */
import type { EmailAttachment, EmailHeader, OutgoingEmail } from '../../ports/mailer';
import { definedProps } from '../defined-props';
import type { RenderedEmail } from './render-email';

export interface InlineImage {
  readonly contentId: string;
  readonly png: Uint8Array;
}

export interface OutgoingEmailOptions {
  readonly images?: readonly InlineImage[];
  readonly files?: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: Uint8Array;
  }[];
  /** The recipient's own one-click unsubscribe URL (HTTPS; POST unsubscribes, GET confirms). */
  readonly unsubscribeUrl?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** `List-Unsubscribe` with `List-Unsubscribe-Post`, so mail clients offer one-click unsubscribe. */
export function unsubscribeHeaders(url: string): EmailHeader[] {
  return [
    { name: 'List-Unsubscribe', value: `<${new URL(url).toString()}>` },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
}

export function outgoingEmail(
  to: string,
  email: RenderedEmail,
  options: OutgoingEmailOptions = {},
): OutgoingEmail {
  const attachments: EmailAttachment[] = [
    ...(options.images ?? []).map((image, i) => ({
      filename: `chart-${i + 1}.png`,
      contentType: 'image/png',
      content: image.png,
      disposition: 'inline' as const,
      contentId: image.contentId,
    })),
    ...(options.files ?? []).map((file) => ({ ...file, disposition: 'attachment' as const })),
  ];
  return definedProps({
    to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    attachments: attachments.length > 0 ? attachments : undefined,
    headers: options.unsubscribeUrl ? unsubscribeHeaders(options.unsubscribeUrl) : undefined,
    tags: options.tags,
  });
}
