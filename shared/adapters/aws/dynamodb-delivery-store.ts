/**
 * DeliveryStore on DynamoDB, reachable from the delivery function outside the VPC: per channel
 * one partition (`channel#<tenant>#<channel>`) holding the delivery target (sort key `target`)
 * and the attempt log (sort key `log#<at>#<delivery>#<attempt>`, kept for a month by TTL).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DeliveryAttempt, DeliveryTarget } from '../../domain/alerts/alert-channel';
import type { DeliveryStore } from '../../ports/delivery-store';

export interface DynamoDeliveryStoreOptions {
  readonly tableName: string;
  /** How long an attempt stays in the log. @default 30 days */
  readonly retentionSeconds?: number;
}

const pkOf = (tenantId: string, channelId: string) => `channel#${tenantId}#${channelId}`;

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: DynamoDeliveryStoreOptions,
  ) {}

  async putTarget(tenantId: string, channelId: string, target: DeliveryTarget): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { pk: pkOf(tenantId, channelId), sk: 'target', target },
      }),
    );
  }

  async target(tenantId: string, channelId: string): Promise<DeliveryTarget | null> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: pkOf(tenantId, channelId), sk: 'target' },
        ConsistentRead: true,
      }),
    );
    return (result.Item?.['target'] as DeliveryTarget | undefined) ?? null;
  }

  async removeTarget(tenantId: string, channelId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.options.tableName,
        Key: { pk: pkOf(tenantId, channelId), sk: 'target' },
      }),
    );
  }

  async record(attempt: DeliveryAttempt): Promise<void> {
    const retention = this.options.retentionSeconds ?? 30 * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: {
          pk: pkOf(attempt.tenantId, attempt.channelId),
          sk: `log#${attempt.at}#${attempt.deliveryId}#${String(attempt.attempt).padStart(4, '0')}`,
          attempt,
          expiresAt: Math.floor(Date.parse(attempt.at) / 1000) + retention,
        },
      }),
    );
  }

  async attempts(tenantId: string, channelId: string, limit: number): Promise<DeliveryAttempt[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
        ExpressionAttributeValues: { ':pk': pkOf(tenantId, channelId), ':log': 'log#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => item['attempt'] as DeliveryAttempt);
  }
}
