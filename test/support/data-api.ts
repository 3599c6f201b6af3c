/** The RDS Data API stand-in over a migrated Postgres, with a DataApiPool reaching it through the real RDSDataClient. */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import {
  localAccountId,
  localCredentials,
  localHost,
  localRegion,
  postgresDatabase,
} from '../../infra/local/resources';
import {
  type DataApiStandIn,
  type DataApiStandInOptions,
  startDataApiStandIn,
} from '../../infra/local/stand-ins/data-api-server';
import { DataApiPool, type DataApiTarget } from '../../shared/adapters/aws/data-api-pool';

export const localDataApiTarget: DataApiTarget = {
  resourceArn: `arn:aws:rds:${localRegion}:${localAccountId}:cluster:nexus-local`,
  secretArn: `arn:aws:secretsmanager:${localRegion}:${localAccountId}:secret:nexus-local-db-AbCdEf`,
  database: postgresDatabase,
};

export interface DataApiStack {
  readonly standIn: DataApiStandIn;
  readonly client: RDSDataClient;
  readonly pool: DataApiPool;
  stop(): Promise<void>;
}

export async function startDataApi(
  databaseUrl: string,
  options: Partial<
    Pick<DataApiStandInOptions, 'maxRequestBytes' | 'maxResponseBytes' | 'maxRowBytes' | 'transactions'>
  > = {},
): Promise<DataApiStack> {
  const standIn = await startDataApiStandIn({
    databaseUrl,
    host: localHost,
    port: 0,
    resourceArn: localDataApiTarget.resourceArn,
    secretArn: localDataApiTarget.secretArn,
    credentials: localCredentials,
    ...options,
  });
  const client = new RDSDataClient({
    region: localRegion,
    endpoint: standIn.endpoint,
    credentials: localCredentials,
  });
  return {
    standIn,
    client,
    pool: new DataApiPool(client, localDataApiTarget),
    async stop() {
      client.destroy();
      await standIn.close();
    },
  };
}
