/** Per-tenant request buckets and daily event counts: DynamoDB (dynalite locally). */
import { DynamoRateLimitStore } from '../adapters/aws/dynamodb-rate-limit-store';
import { chargeDailyEvents } from '../domain/tenancy/rate-limits';
import type { RateLimitStore } from '../ports/rate-limit-store';
import { dynamoDocumentClient } from './clients/dynamodb-client';
import { required } from './config';
import { tenantDirectory } from './metadata-stores';
import { type Runtime, runtime } from './runtime';

export function rateLimitStore(rt: Runtime = runtime()): RateLimitStore {
  return new DynamoRateLimitStore(rt.client(dynamoDocumentClient), {
    tableName: required(rt.config, 'rateLimitTable'),
  });
}

/** Counts a request's events against the tenant's daily quota (the ingest paths' `chargeEvents`). */
export function dailyEventQuota(rt: Runtime = runtime()): (tenantId: string, count: number) => Promise<void> {
  const deps = { directory: tenantDirectory(rt), store: rateLimitStore(rt), now: () => new Date() };
  return (tenantId, count) => chargeDailyEvents(tenantId, count, deps);
}
