import { describe, expect, it } from 'vitest';
import { DataApiPool } from '../../../shared/adapters/aws/data-api-pool';
import { Runtime } from '../../../shared/runtime/runtime';
import { sqlPool } from '../../../shared/runtime/sql-pool';

const dataApiEnv = {
  DB_ACCESS: 'data-api',
  DB_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:123456789012:cluster:nexus-prod',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nexus-prod-db-AbCdEf',
  DB_NAME: 'nexus',
  AWS_REGION: 'eu-west-1',
};

describe('sqlPool', () => {
  it("is pg's pool unless the stage reaches the database through the Data API", () => {
    const rt = new Runtime({ DATABASE_URL: 'postgres://u:p@127.0.0.1:1/nexus' });
    expect(sqlPool(rt)).toBe(rt.pool);
  });

  it('is one DataApiPool per runtime with DB_ACCESS=data-api', () => {
    const rt = new Runtime(dataApiEnv);
    expect(sqlPool(rt)).toBeInstanceOf(DataApiPool);
    expect(sqlPool(rt)).toBe(sqlPool(rt));
  });

  it('names the missing setting when the cluster or secret is not configured', () => {
    expect(() => sqlPool(new Runtime({ ...dataApiEnv, DB_SECRET_ARN: '' }))).toThrow(/DB_SECRET_ARN/);
  });
});
