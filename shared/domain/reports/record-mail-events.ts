/**
 * Use case of the mail-events function: SES's bounce and complaint events (published by the
 * configuration set to EventBridge) become suppressions for the tenant named by the message's
 * `tenant` tag, so the next report run skips the address. Only permanent (hard) bounces count:
 * a transient one (mailbox full) may succeed next time. Events without a tenant tag are skipped.
 */
import * as z from 'zod';
import type { NewSuppression, SuppressionStore } from '../../ports/suppression-store';

/** The part of SES's event (EventBridge `detail`) this reads; SES adds more fields. */
const recipient = z.looseObject({ emailAddress: z.string(), diagnosticCode: z.string().optional() });
const mailEventDetail = z.looseObject({
  eventType: z.string(),
  mail: z.looseObject({
    messageId: z.string().optional(),
    // SES publishes each tag as an array of values.
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z
    .looseObject({ bounceType: z.string(), bouncedRecipients: z.array(recipient).default([]) })
    .optional(),
  complaint: z.looseObject({ complainedRecipients: z.array(recipient).default([]) }).optional(),
});

export const mailEvent = z.looseObject({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  detail: mailEventDetail,
});
export type MailEvent = z.infer<typeof mailEvent>;

export type MailEventOutcome =
  | { readonly outcome: 'ignored'; readonly reason: string }
  | {
      readonly outcome: 'suppressed';
      readonly tenantId: string;
      readonly added: number;
      readonly of: number;
    };

const address = z.email().max(320);

/** The suppressions an event asks for, or why it asks for none. */
function suppressionsOf(detail: MailEvent['detail'], tenantId: string): NewSuppression[] | string {
  if (detail.eventType === 'Bounce') {
    if (detail.bounce?.bounceType !== 'Permanent')
      return `a ${detail.bounce?.bounceType ?? 'unknown'} bounce`;
    return detail.bounce.bouncedRecipients.map((r) => ({
      tenantId,
      address: r.emailAddress,
      reason: 'bounced' as const,
      detail: r.diagnosticCode ?? 'permanent bounce',
    }));
  }
  if (detail.eventType === 'Complaint')
    return (detail.complaint?.complainedRecipients ?? []).map((r) => ({
      tenantId,
      address: r.emailAddress,
      reason: 'complained' as const,
      detail: 'marked as spam',
    }));
  return `a ${detail.eventType} event`;
}

export async function recordMailEvent(
  event: MailEvent,
  deps: { readonly suppressions: Pick<SuppressionStore, 'suppress'> },
): Promise<MailEventOutcome> {
  const tenantId = event.detail.mail.tags['tenant']?.[0];
  if (!tenantId || !z.uuid().safeParse(tenantId).success)
    return { outcome: 'ignored', reason: 'the message has no tenant tag' };
  const wanted = suppressionsOf(event.detail, tenantId);
  if (typeof wanted === 'string') return { outcome: 'ignored', reason: wanted };
  let added = 0;
  for (const suppression of wanted) {
    if (!address.safeParse(suppression.address).success) continue;
    if (await deps.suppressions.suppress(suppression)) added++;
  }
  return { outcome: 'suppressed', tenantId, added, of: wanted.length };
}
