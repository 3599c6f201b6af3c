/**
 * One notification to deliver through one channel: what the evaluator (alerts) or the report
 * run puts on the delivery queue, and what the delivery function takes off it.
 */
import * as z from 'zod';

export const deliveryTaskSchema = z.object({
  /**
   * The natural key (`<alertId>:<intervalStart>:<channelId>`, `<reportId>:<scheduledAt>:<recipient>`):
   * stable across retries, so a receiver or the delivery log can tell a retry from a new event.
   */
  deliveryId: z.string().min(1).max(512),
  tenantId: z.string().min(1),
  channel: z.object({ type: z.enum(['email', 'webhook']), id: z.string().min(1) }),
  /** 1 for the first attempt. */
  attempt: z.number().int().min(1),
  /** When the first attempt was made (ISO-8601): the retry schedule counts from it. */
  firstAttemptAt: z.iso.datetime(),
  /** What to send (an AlertNotice, a report run reference); JSON only. */
  payload: z.json(),
});

export type DeliveryTask = z.infer<typeof deliveryTaskSchema>;

export class MalformedDeliveryTaskError extends Error {
  constructor(readonly problems: string) {
    super(`Malformed delivery task: ${problems}`);
    this.name = 'MalformedDeliveryTaskError';
  }
}

/** Parses a queue message body; throws MalformedDeliveryTaskError when it is not a task. */
export function parseDeliveryTask(body: string): DeliveryTask {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedDeliveryTaskError('not JSON');
  }
  const parsed = deliveryTaskSchema.safeParse(json);
  if (!parsed.success)
    throw new MalformedDeliveryTaskError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return parsed.data;
}
