import {
  AlreadyExistsException,
  CreateTableCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { GlueLakeCatalog, tableInputFor } from '../../../../shared/adapters/aws/glue-lake-catalog';
import type { DatasetSchema } from '../../../../shared/domain/catalog/dataset-schema';
import { TENANT_A } from '../../../support/events';

const glue = mockClient(GlueClient);
const orders: DatasetSchema = {
  dataset: 'orders',
  version: 3,
  fields: [
    { name: 'eventId', type: 'string', required: false },
    { name: 'Quantity', type: 'integer', required: true },
    { name: 'meta', type: 'object', required: false },
  ],
};
const options = { database: 'nexus_lake', curatedBucket: 'curated-bucket' };
const catalog = () => new GlueLakeCatalog(new GlueClient({ region: 'eu-west-1' }), options);

describe('GlueLakeCatalog', () => {
  beforeEach(() => glue.reset());

  it("declares the tenant's own table at its prefix, with projected dt/hour partitions", () => {
    const input = tableInputFor(TENANT_A, orders, options);
    const location = `s3://curated-bucket/curated/tenant=${TENANT_A}/dataset=orders/`;
    expect(input.Name).toBe(`t_${TENANT_A.replaceAll('-', '')}__orders`);
    expect(input.StorageDescriptor?.Location).toBe(location);
    expect(input.StorageDescriptor?.Columns).toEqual([
      { Name: 'eventid', Type: 'string' },
      { Name: 'quantity', Type: 'bigint' },
      { Name: 'meta', Type: 'string' },
      { Name: 'receivedat', Type: 'timestamp' },
      { Name: 'schemaversion', Type: 'int' },
    ]);
    expect(input.PartitionKeys?.map((k) => k.Name)).toEqual(['dt', 'hour']);
    expect(input.Parameters?.['storage.location.template']).toBe(
      `${location}_manifest/dt=\${dt}/hour=\${hour}/`,
    );
    expect(input.Parameters?.['projection.enabled']).toBe('true');
  });

  it('creates the table, and updates it when it already exists', async () => {
    glue
      .on(CreateTableCommand)
      .resolvesOnce({})
      .rejectsOnce(new AlreadyExistsException({ message: 'exists', $metadata: {} }));
    glue.on(UpdateTableCommand).resolves({});

    await catalog().ensureTable(TENANT_A, orders);
    await catalog().ensureTable(TENANT_A, orders);

    expect(glue.commandCalls(CreateTableCommand)).toHaveLength(2);
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(1);
    expect(glue.commandCalls(UpdateTableCommand)[0]?.args[0].input.DatabaseName).toBe('nexus_lake');
  });

  it('passes other Glue errors through', async () => {
    glue.on(CreateTableCommand).rejects(new Error('AccessDenied'));
    await expect(catalog().ensureTable(TENANT_A, orders)).rejects.toThrow('AccessDenied');
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });
});
