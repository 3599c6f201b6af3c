/** Test scheduled function: returns the event it was given and the thread it ran in. */
import { threadId } from 'node:worker_threads';
import type { ScheduledEvent } from 'aws-lambda';

export async function handler(
  event: ScheduledEvent,
): Promise<{ received: ScheduledEvent; threadId: number }> {
  return { received: event, threadId };
}
