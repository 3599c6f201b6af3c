/**
 * Port for what the delivery function reads and writes outside the VPC (DynamoDB in AWS): each
 * channel's delivery target with its signing secret, and the log of every delivery attempt.
 */
import type { DeliveryAttempt, DeliveryTarget } from '../domain/alerts/alert-channel';

export interface DeliveryStore {
  putTarget(tenantId: string, channelId: string, target: DeliveryTarget): Promise<void>;
  /** Null once the channel is deleted. */
  target(tenantId: string, channelId: string): Promise<DeliveryTarget | null>;
  removeTarget(tenantId: string, channelId: string): Promise<void>;
  record(attempt: DeliveryAttempt): Promise<void>;
  /** The channel's attempts, newest first. */
  attempts(tenantId: string, channelId: string, limit: number): Promise<DeliveryAttempt[]>;
}
