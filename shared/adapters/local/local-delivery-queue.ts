/**
 * DeliveryQueue in process memory with SQS's semantics (delays, visibility timeout, receive
 * counts, a dead-letter queue after maxReceives): for a single-process local run without an
 * SQS stand-in, and as the reference the contract suite holds the SQS adapter to.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryTask } from '../../domain/notifications/delivery-task';
import { parseDeliveryTask } from '../../domain/notifications/delivery-task';
import type { DeliveryQueue, QueuedDelivery, ReceiveOptions } from '../../ports/delivery-queue';

export interface LocalDeliveryQueueOptions {
  /** @default 30000 */
  readonly visibilityTimeoutMs?: number;
  /** Receives without an ack before a message moves to the dead-letter queue. @default 5 */
  readonly maxReceives?: number;
  /** Where dead letters go; a plain queue without its own DLQ is made when absent. */
  readonly deadLetters?: LocalDeliveryQueue;
  /** @default Date.now */
  readonly now?: () => number;
}

interface StoredMessage {
  readonly body: string;
  visibleAt: number;
  receiveCount: number;
  receipt: string | undefined;
}

const pollIntervalMs = 50;

export class LocalDeliveryQueue implements DeliveryQueue {
  private readonly messages: StoredMessage[] = [];
  private readonly visibilityTimeoutMs: number;
  private readonly maxReceives: number;
  private readonly now: () => number;
  readonly deadLetters: LocalDeliveryQueue | undefined;

  constructor(options: LocalDeliveryQueueOptions = {}, isDeadLetterQueue = false) {
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.maxReceives = options.maxReceives ?? 5;
    this.now = options.now ?? Date.now;
    this.deadLetters = isDeadLetterQueue
      ? undefined
      : (options.deadLetters ?? new LocalDeliveryQueue({ now: this.now, maxReceives: Infinity }, true));
  }

  async enqueue(task: DeliveryTask, options: { delayMs?: number } = {}): Promise<void> {
    this.push(JSON.stringify(task), options.delayMs ?? 0);
  }

  private push(body: string, delayMs: number): void {
    this.messages.push({
      body,
      visibleAt: this.now() + Math.max(0, delayMs),
      receiveCount: 0,
      receipt: undefined,
    });
  }

  async receive(options: ReceiveOptions = {}): Promise<QueuedDelivery[]> {
    const deadline = this.now() + (options.waitMs ?? 0);
    for (;;) {
      const got = this.take(options.max ?? 10);
      if (got.length > 0 || this.now() >= deadline) return got;
      await sleep(Math.min(pollIntervalMs, Math.max(1, deadline - this.now())));
    }
  }

  private take(max: number): QueuedDelivery[] {
    const now = this.now();
    const out: QueuedDelivery[] = [];
    for (const message of [...this.messages]) {
      if (out.length >= max) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= this.maxReceives) {
        this.remove(message);
        this.deadLetters?.push(message.body, 0);
        continue;
      }
      message.receiveCount += 1;
      message.receipt = randomUUID();
      message.visibleAt = now + this.visibilityTimeoutMs;
      let task: DeliveryTask;
      try {
        task = parseDeliveryTask(message.body);
      } catch {
        this.remove(message);
        this.deadLetters?.push(message.body, 0);
        continue;
      }
      out.push({ receipt: message.receipt, task, receiveCount: message.receiveCount });
    }
    return out;
  }

  private remove(message: StoredMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
  }

  private byReceipt(receipt: string): StoredMessage | undefined {
    return this.messages.find((m) => m.receipt === receipt);
  }

  async ack(receipt: string): Promise<void> {
    const message = this.byReceipt(receipt);
    if (message) this.remove(message);
  }

  async release(receipt: string): Promise<void> {
    const message = this.byReceipt(receipt);
    if (message) message.visibleAt = this.now();
  }

  async deadLetter(delivery: QueuedDelivery, _reason: string): Promise<void> {
    const message = this.byReceipt(delivery.receipt);
    if (!message) return;
    this.remove(message);
    this.deadLetters?.push(message.body, 0);
  }
}
