/** DynamoDB document client; undefined attributes are dropped rather than rejected. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NexusConfig } from '../config';
import { clientOptions } from './client-options';
import { traced } from './traced';

export function dynamoDocumentClient(config: NexusConfig): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    traced(new DynamoDBClient(clientOptions(config, config.endpointDynamodb))),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
}
