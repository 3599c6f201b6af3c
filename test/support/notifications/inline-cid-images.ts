/**
 * Replaces `cid:` image sources with data URLs from the message's inline attachments: a browser
 * cannot load `cid:` from a file, a mail client resolves them the same way from the MIME parts.
 */
import type { OutgoingEmail } from '../../../shared/ports/mailer';

export function htmlWithInlineImages(email: OutgoingEmail): string {
  const byId = new Map(
    (email.attachments ?? [])
      .filter((a) => a.disposition === 'inline' && a.contentId)
      .map((a) => [a.contentId, `data:${a.contentType};base64,${Buffer.from(a.content).toString('base64')}`]),
  );
  return email.html.replace(/src="cid:([^"]+)"/g, (_whole, id: string) => {
    const url = byId.get(id);
    if (!url) throw new Error(`no inline attachment for cid:${id}`);
    return `src="${url}"`;
  });
}
