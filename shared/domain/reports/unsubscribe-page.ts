/**
 * The small HTML pages of an unsubscribe link: the confirmation (a form that POSTs the RFC 8058
 * body, so a link scanner's GET never unsubscribes anyone), the done page and the error page.
 */
import { escapeHtml } from '../notifications/render-email';
import type { UnsubscribeTarget } from './unsubscribe';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:520px;margin:48px auto;padding:0 16px;color:#1f2933;line-height:1.5}
button{font:inherit;background:#1f6feb;color:#fff;border:0;border-radius:4px;padding:10px 18px;cursor:pointer}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

const what = (t: UnsubscribeTarget) =>
  `<strong>${escapeHtml(t.recipient)}</strong> from the report “${escapeHtml(t.reportName)}” of ${escapeHtml(t.tenantName)}`;

/** Asks to confirm; the form posts back to the same URL (the token stays in the query). */
export function confirmUnsubscribePage(target: UnsubscribeTarget): string {
  if (target.unsubscribed) return unsubscribedPage(target);
  return page(
    'Unsubscribe',
    `<p>Unsubscribe ${what(target)}?</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
}

export function unsubscribedPage(target: UnsubscribeTarget): string {
  return page(
    'You are unsubscribed',
    `<p>${what(target)} is unsubscribed. Its next emails will not be sent to this address.</p>`,
  );
}

export function unsubscribeErrorPage(message: string): string {
  return page('This link does not work', `<p>${escapeHtml(message)}</p>`);
}
