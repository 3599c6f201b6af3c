/** Test scheduled function: returns the event it was given. */
import type { ScheduledEvent } from 'aws-lambda';

export async function handler(event: ScheduledEvent): Promise<{ received: ScheduledEvent }> {
  return { received: event };
}
