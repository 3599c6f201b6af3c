/**
 * Port for the queue between alert evaluation (or a report run) and delivery, so a slow
 * webhook never delays evaluation. At-least-once: a delivery received and not acked comes
 * back; one received too often without an ack goes to the dead-letter queue.
 */
import type { DeliveryTask } from '../domain/notifications/delivery-task';

export interface QueuedDelivery {
  /** Opaque handle for ack, release and deadLetter; valid for this receipt only. */
  readonly receipt: string;
  readonly task: DeliveryTask;
  /** How many times this message has been received, this time included. */
  readonly receiveCount: number;
}

export interface ReceiveOptions {
  /** @default 10 */
  readonly max?: number;
  /**
   * How long to wait for a first message when none is ready (long polling).
   * @default 0
   */
  readonly waitMs?: number;
}

export interface DeliveryQueue {
  /** Queues `task`; it is not received before `delayMs` has passed (any length: long delays re-queue). */
  enqueue(task: DeliveryTask, options?: { readonly delayMs?: number }): Promise<void>;
  receive(options?: ReceiveOptions): Promise<QueuedDelivery[]>;
  /** Done with it (delivered, or re-enqueued as its next attempt): it never comes back. */
  ack(receipt: string): Promise<void>;
  /** Gives it back now without finishing it (it counts as a receive toward the dead-letter limit). */
  release(receipt: string): Promise<void>;
  /** Moves it to the dead-letter queue now, with the reason (retries exhausted, not retryable). */
  deadLetter(delivery: QueuedDelivery, reason: string): Promise<void>;
}
