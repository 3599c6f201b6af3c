/**
 * Every HTTP operation of the public API with the zod contracts it parses: the source of the
 * OpenAPI document. A test fails when this table and the topology's routes differ.
 */
import * as z from 'zod';
import { createChannelInput } from '../domain/alerts/alert-channel';
import { createAlertInput, patchAlertInput } from '../domain/alerts/alert-rule';
import { historyQueryInput } from '../domain/alerts/manage-channels';
import { analyzeQuery } from '../domain/analytics/inference/analyze-series';
import { invocationRequest } from '../domain/analytics/inference/invocation-request';
import { registerDatasetInput } from '../domain/catalog/register-dataset';
import { segmentBatchContract, segmentMessageContract } from '../domain/ingestion/segment-messages';
import { defineMetricInput } from '../domain/metrics/metric-definition';
import { accuracyWindowInput } from '../domain/metrics/metric-model-accuracy';
import { seriesQueryInput } from '../domain/metrics/metric-series';
import { anomaliesQueryInput } from '../domain/metrics/score-anomalies';
import { setEndpointVariantsInput } from '../domain/models/endpoint-variants';
import { listPageInput } from '../domain/models/list-models';
import { registerModelVersionInput } from '../domain/models/register-model-version';
import { queryPageInput, startQueryInput } from '../domain/query/run-query';
import { previewReportInput } from '../domain/reports/preview-report';
import { createReportInput, sendReportInput, updateReportInput } from '../domain/reports/report-definition';
import type { ApiKeyScope } from '../domain/tenancy/api-key-principal';
import { createApiKeyInput } from '../domain/tenancy/manage-api-keys';
import { createTenantInput } from '../domain/tenancy/manage-tenants';
import { tenantLimitsInput } from '../domain/tenancy/tenant-limits';
import { createUploadInput } from '../domain/uploads/create-upload';
import type { RouteKey } from './route-table';

export interface ApiOperation {
  readonly summary: string;
  readonly tag: string;
  /** The API key scope the route needs; absent for public routes. */
  readonly scope?: ApiKeyScope;
  readonly body?: z.ZodType;
  /** Other body types accepted besides JSON (the ingest formats). */
  readonly bodyTypes?: readonly string[];
  readonly query?: z.ZodObject;
  readonly success: { readonly status: number; readonly description: string };
}

/** The signed token of an unsubscribe link, scoped to one report and one recipient. */
const unsubscribeQuery = z.object({ token: z.string().min(1).max(2100) });
/** The signed token of a report file's download link, scoped to one tenant, report and file. */
const reportFileQuery = z.object({ token: z.string().min(1).max(2100) });

const records = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.record(z.string(), z.unknown()),
  z.object({ batch: z.array(z.record(z.string(), z.unknown())) }),
]);
const ingestTypes = ['application/x-ndjson', 'text/csv', 'application/xml'] as const;
const ingested = { status: 202, description: '{ accepted, rejected, duplicates, eventIds, errors }' };
const segment = (call: string): ApiOperation => ({
  summary: `Segment-compatible ${call} call into the events dataset`,
  tag: 'segment',
  scope: 'ingest',
  body: segmentMessageContract,
  success: {
    status: 200,
    description: '{ success: true, accepted, rejected, duplicates, eventIds, errors }',
  },
});

export const apiOperations: Readonly<Partial<Record<RouteKey, ApiOperation>>> = {
  'POST /v1/events': {
    summary: 'Ingest records into the built-in events dataset',
    tag: 'ingest',
    scope: 'ingest',
    body: records,
    bodyTypes: ingestTypes,
    success: ingested,
  },
  'POST /v1/datasets/{name}/records': {
    summary: 'Ingest records into a registered dataset',
    tag: 'ingest',
    scope: 'ingest',
    body: records,
    bodyTypes: ingestTypes,
    success: ingested,
  },
  'POST /v1/track': segment('track'),
  'POST /v1/identify': segment('identify'),
  'POST /v1/page': segment('page'),
  'POST /v1/screen': segment('screen'),
  'POST /v1/group': segment('group'),
  'POST /v1/alias': segment('alias'),
  'POST /v1/batch': { ...segment('batch'), body: segmentBatchContract },
  'POST /v1/uploads': {
    summary: 'Presigned PUT for a file above the request limit',
    tag: 'ingest',
    scope: 'ingest',
    body: createUploadInput,
    success: { status: 201, description: '{ uploadId, url, method, headers, expiresAt, key }' },
  },
  'GET /v1/uploads/{uploadId}': {
    summary: "An upload's ingest result",
    tag: 'ingest',
    scope: 'ingest',
    success: { status: 200, description: '{ status: pending | processed | failed, ... }' },
  },
  'POST /v1/datasets': {
    summary: 'Register a dataset or a new version of its schema',
    tag: 'datasets',
    scope: 'admin',
    body: registerDatasetInput,
    success: { status: 201, description: 'the dataset, created and changed (200 when it existed)' },
  },
  'GET /v1/datasets': {
    summary: "List the tenant's datasets",
    tag: 'datasets',
    scope: 'query',
    success: { status: 200, description: 'the datasets and their current schemas' },
  },
  'GET /v1/datasets/{name}': {
    summary: 'Read one dataset',
    tag: 'datasets',
    scope: 'query',
    success: { status: 200, description: 'the dataset and its current schema' },
  },
  'POST /v1/api-keys': {
    summary: 'Create an API key (shown once)',
    tag: 'api-keys',
    scope: 'admin',
    body: createApiKeyInput,
    success: { status: 201, description: 'the key and its id' },
  },
  'GET /v1/api-keys': {
    summary: "List the tenant's API keys",
    tag: 'api-keys',
    scope: 'admin',
    success: { status: 200, description: 'the keys, without secrets' },
  },
  'DELETE /v1/api-keys/{id}': {
    summary: 'Revoke an API key',
    tag: 'api-keys',
    scope: 'admin',
    success: { status: 204, description: 'revoked' },
  },
  'GET /v1/models': {
    summary: 'List registered models',
    tag: 'models',
    scope: 'admin',
    query: listPageInput,
    success: { status: 200, description: '{ items, nextToken }' },
  },
  'POST /v1/models/{name}/versions': {
    summary: 'Register a model version (Idempotency-Key honoured)',
    tag: 'models',
    scope: 'admin',
    body: registerModelVersionInput,
    success: { status: 201, description: 'the model version' },
  },
  'GET /v1/models/{name}/versions': {
    summary: "List a model's versions",
    tag: 'models',
    scope: 'admin',
    query: listPageInput,
    success: { status: 200, description: '{ items, nextToken }' },
  },
  'POST /v1/models/{name}/versions/{version}/promote': {
    summary: 'Promote a version to production',
    tag: 'models',
    scope: 'admin',
    success: { status: 200, description: 'the promoted version' },
  },
  'GET /v1/models/{name}/versions/{version}/monitoring': {
    summary:
      "A model version in service, over every tenant's watched series (operator): forecast MAPE, band coverage, detector alert rate",
    tag: 'models',
    scope: 'admin',
    query: accuracyWindowInput,
    success: {
      status: 200,
      description: '{ modelName, version, from, to, intervals: [{ interval, forecasts, detector }] }',
    },
  },
  'POST /v1/models/{name}/rollback': {
    summary: 'Roll production back to the previous version',
    tag: 'models',
    scope: 'admin',
    success: { status: 200, description: 'the version now in production' },
  },
  'PUT /v1/endpoints/{endpoint}/variants': {
    summary: 'Set the A/B variants of an inference endpoint',
    tag: 'models',
    scope: 'admin',
    body: setEndpointVariantsInput,
    success: { status: 200, description: 'the normalised variants' },
  },
  'GET /v1/endpoints/{endpoint}/variants': {
    summary: 'Read the variants of an inference endpoint',
    tag: 'models',
    scope: 'admin',
    success: { status: 200, description: 'the variants' },
  },
  'POST /v1/queries': {
    summary: 'Start a read-only SQL query',
    tag: 'query',
    scope: 'query',
    body: startQueryInput,
    success: { status: 202, description: '{ queryId }' },
  },
  'GET /v1/queries/{id}': {
    summary: "A query's status and a page of its results",
    tag: 'query',
    scope: 'query',
    query: queryPageInput,
    success: { status: 200, description: '{ status, columns, rows, nextToken }' },
  },
  'POST /v1/insights/analyze': {
    summary: 'Detect anomalies in, forecast or summarize series',
    tag: 'insights',
    scope: 'query',
    body: invocationRequest,
    query: analyzeQuery,
    success: { status: 200, description: '{ operation, succeeded, results, variant, model }' },
  },
  'POST /v1/metrics': {
    summary: 'Define a metric (a KPI over one dataset) or a new version of one',
    tag: 'metrics',
    scope: 'admin',
    body: defineMetricInput,
    success: { status: 201, description: '{ metricId, version, ... }' },
  },
  'GET /v1/metrics': {
    summary: "List the tenant's metrics",
    tag: 'metrics',
    scope: 'query',
    success: { status: 200, description: '{ metrics }' },
  },
  'GET /v1/metrics/{id}': {
    summary: 'One metric definition',
    tag: 'metrics',
    scope: 'query',
    success: { status: 200, description: 'the metric definition' },
  },
  'DELETE /v1/metrics/{id}': {
    summary: 'Delete a metric',
    tag: 'metrics',
    scope: 'admin',
    success: { status: 204, description: 'deleted' },
  },
  'GET /v1/metrics/{id}/series': {
    summary: 'The metric as a time series (real-time rollups for recent buckets, the lake for older ones)',
    tag: 'metrics',
    scope: 'query',
    query: seriesQueryInput,
    success: { status: 200, description: '{ metricId, interval, points, groups? }' },
  },
  'GET /v1/metrics/{id}/anomalies': {
    summary: "The metric's flagged intervals",
    tag: 'metrics',
    scope: 'query',
    query: anomaliesQueryInput,
    success: { status: 200, description: '{ metricId, anomalies }' },
  },
  'GET /v1/metrics/{id}/model-accuracy': {
    summary:
      'How the models do on the metric as actuals arrive: forecast MAPE and band coverage, detector alert rate (last 7 days by default)',
    tag: 'metrics',
    scope: 'query',
    query: accuracyWindowInput,
    success: {
      status: 200,
      description: '{ metricId, from, to, intervals: [{ interval, forecasts, detector }] }',
    },
  },
  'POST /v1/reports': {
    summary: 'Create a scheduled email report (5-field cron in an IANA time zone)',
    tag: 'reports',
    scope: 'admin',
    body: createReportInput,
    success: { status: 201, description: 'the report with reportId and nextRunAt' },
  },
  'GET /v1/reports': {
    summary: "The tenant's reports",
    tag: 'reports',
    scope: 'query',
    success: { status: 200, description: '{ items }' },
  },
  'GET /v1/reports/{id}': {
    summary: 'One report, with its next run time',
    tag: 'reports',
    scope: 'query',
    success: { status: 200, description: 'the report' },
  },
  'PATCH /v1/reports/{id}': {
    summary: 'Change a report (its schedule moves with it); enabled: true re-enables a disabled one',
    tag: 'reports',
    scope: 'admin',
    body: updateReportInput,
    success: { status: 200, description: 'the report' },
  },
  'DELETE /v1/reports/{id}': {
    summary: 'Delete a report and its schedule',
    tag: 'reports',
    scope: 'admin',
    success: { status: 204, description: 'deleted' },
  },
  'POST /v1/reports/{id}/send': {
    summary: 'Send the report now, to its recipients or as a test to the given ones',
    tag: 'reports',
    scope: 'admin',
    body: sendReportInput,
    success: { status: 202, description: '{ runId }' },
  },
  'GET /v1/reports/{id}/runs': {
    summary: "The report's latest runs with each recipient's delivery status",
    tag: 'reports',
    scope: 'query',
    success: {
      status: 200,
      description: '{ items: [{ runId, kind, scheduledAt, status, error?, recipients }] }',
    },
  },
  'POST /v1/reports/{id}/preview': {
    summary: "The report's email as of now for one recipient, rendered as sent, but sent to no one",
    tag: 'reports',
    scope: 'query',
    body: previewReportInput,
    success: {
      status: 200,
      description:
        '{ to, subject, html, text, headers, attachments: [{ filename, contentType, disposition, contentId, content (base64) }] }',
    },
  },
  'GET /v1/unsubscribe': {
    summary:
      "Confirmation page of a report email's unsubscribe link (no API key: the signed token is the credential)",
    tag: 'reports',
    query: unsubscribeQuery,
    success: { status: 200, description: 'text/html with a form that POSTs the one-click body' },
  },
  'POST /v1/unsubscribe': {
    summary: 'RFC 8058 one-click unsubscribe: body List-Unsubscribe=One-Click (form-encoded or multipart)',
    tag: 'reports',
    query: unsubscribeQuery,
    bodyTypes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
    success: { status: 200, description: 'text/html: the recipient no longer gets this report' },
  },
  'GET /v1/report-files': {
    summary:
      "A report email's link to a file too large to attach (no API key: the signed token is the credential; 7 days)",
    tag: 'reports',
    query: reportFileQuery,
    success: {
      status: 302,
      description: 'Location: a presigned S3 GET of the file that works for 5 minutes',
    },
  },
  'POST /v1/tenants': {
    summary: 'Create a tenant and its first admin key (platform operator only)',
    tag: 'operator',
    scope: 'operator',
    body: createTenantInput,
    success: { status: 201, description: '{ tenantId, apiKey }' },
  },
  'GET /v1/tenants': {
    summary: 'List tenants (platform operator only)',
    tag: 'operator',
    scope: 'operator',
    success: { status: 200, description: '{ tenants }' },
  },
  'PUT /v1/tenants/{id}/limits': {
    summary: "Change a tenant's limits; omitted fields keep their value (platform operator only)",
    tag: 'operator',
    scope: 'operator',
    body: tenantLimitsInput,
    success: { status: 200, description: '{ tenantId, limits }' },
  },
  'GET /v1/openapi.json': {
    summary: 'This OpenAPI document',
    tag: 'docs',
    success: { status: 200, description: 'OpenAPI 3.1' },
  },
  'GET /docs': {
    summary: 'The API reference as HTML',
    tag: 'docs',
    success: { status: 200, description: 'text/html' },
  },
  // Issue 11: alert rules and channels.
  'POST /v1/alerts': {
    summary: 'Create an alert rule on a metric (threshold, change, anomaly or forecast breach)',
    tag: 'alerts',
    scope: 'admin',
    body: createAlertInput,
    success: { status: 201, description: '{ alertId, state, ...rule }' },
  },
  'GET /v1/alerts': {
    summary: "List the tenant's alert rules with their states",
    tag: 'alerts',
    scope: 'query',
    success: { status: 200, description: '{ items }' },
  },
  'GET /v1/alerts/{id}': {
    summary: 'Read an alert rule and its state',
    tag: 'alerts',
    scope: 'query',
    success: { status: 200, description: '{ alertId, state, ...rule }' },
  },
  'PATCH /v1/alerts/{id}': {
    summary: 'Edit, mute or unmute an alert rule',
    tag: 'alerts',
    scope: 'admin',
    body: patchAlertInput,
    success: { status: 200, description: '{ alertId, state, ...rule }' },
  },
  'DELETE /v1/alerts/{id}': {
    summary: 'Delete an alert rule',
    tag: 'alerts',
    scope: 'admin',
    success: { status: 204, description: 'deleted' },
  },
  'GET /v1/alerts/{id}/events': {
    summary: "The rule's state changes with the values that caused them, newest first",
    tag: 'alerts',
    scope: 'query',
    query: historyQueryInput,
    success: { status: 200, description: '{ alertId, items }' },
  },
  'POST /v1/alerts/{id}/test': {
    summary: "Send a test notification to the rule's channels",
    tag: 'alerts',
    scope: 'admin',
    success: { status: 202, description: '{ alertId, deliveries }' },
  },
  'POST /v1/alert-channels': {
    summary: 'Create an email or webhook channel; a webhook channel returns its signing secret once',
    tag: 'alerts',
    scope: 'admin',
    body: createChannelInput,
    success: { status: 201, description: '{ channelId, type, ..., secret? }' },
  },
  'GET /v1/alert-channels': {
    summary: "List the tenant's alert channels (never their secrets)",
    tag: 'alerts',
    scope: 'query',
    success: { status: 200, description: '{ items }' },
  },
  'GET /v1/alert-channels/{id}': {
    summary: 'Read an alert channel',
    tag: 'alerts',
    scope: 'query',
    success: { status: 200, description: '{ channelId, type, ... }' },
  },
  'DELETE /v1/alert-channels/{id}': {
    summary: 'Delete an alert channel; its queued deliveries are dead-lettered',
    tag: 'alerts',
    scope: 'admin',
    success: { status: 204, description: 'deleted' },
  },
  'GET /v1/alert-channels/{id}/deliveries': {
    summary: "The channel's delivery attempts, newest first",
    tag: 'alerts',
    scope: 'query',
    query: historyQueryInput,
    success: { status: 200, description: '{ channelId, items }' },
  },
};
