/**
 * The unsubscribe function on real Postgres: GET shows a confirmation page with a form that POSTs
 * the one-click body, POST (form-encoded or multipart, as mail clients send it) records the
 * suppression once, and a tampered or missing token is a 400 (HTML for GET, Nexus's error body
 * for POST) that suppresses nothing.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReportUnsubscribeHandler } from '../../../functions/reports/report-unsubscribe/report-unsubscribe';
import { PostgresReportStore } from '../../../shared/adapters/postgres/postgres-report-store';
import { PostgresSuppressionStore } from '../../../shared/adapters/postgres/postgres-suppression-store';
import type { Report } from '../../../shared/domain/reports/report-definition';
import { signUnsubscribeToken } from '../../../shared/domain/reports/unsubscribe-token';
import { tenantDirectory } from '../../../shared/runtime/metadata-stores';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { apiEvent, lambdaContext } from '../../support/events';

let stack: ContractStack;
let reports: PostgresReportStore;
let suppressions: PostgresSuppressionStore;
let handler: ReturnType<typeof makeReportUnsubscribeHandler>;
const key = Buffer.from('an-unsubscribe-test-key-32-bytes-long!!');

beforeAll(async () => {
  stack = await startContractStack(['postgres']);
  reports = new PostgresReportStore(stack.runtime.pool);
  suppressions = new PostgresSuppressionStore(stack.runtime.pool);
  handler = makeReportUnsubscribeHandler({
    signingKey: async () => key,
    reports,
    suppressions,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function newReport(): Promise<Report> {
  const { tenantId } = await tenantDirectory(stack.runtime).createTenant(`Acme ${randomUUID()}`);
  const at = new Date().toISOString();
  const report: Report = {
    reportId: randomUUID(),
    tenantId,
    name: 'Weekly <KPIs>',
    schedule: { cron: '0 8 * * 1', timezone: 'UTC' },
    recipients: ['ana@example.com'],
    contents: [{ type: 'query', sql: 'SELECT 1', maxRows: 10 }],
    enabled: true,
    consecutiveFailures: 0,
    createdAt: at,
    updatedAt: at,
  };
  await reports.create(report);
  return report;
}

function call(method: 'GET' | 'POST', token: string | undefined, body?: string, contentType?: string) {
  const event = apiEvent({
    method,
    path: '/v1/unsubscribe',
    principal: null,
    headers: { 'content-type': contentType ?? 'application/x-www-form-urlencoded' },
  });
  event.queryStringParameters = token === undefined ? null : { token };
  event.body = body ?? null;
  return handler(event, lambdaContext());
}

describe('GET and POST /v1/unsubscribe', () => {
  it('confirms with a form, unsubscribes on the one-click POST, and is idempotent', async () => {
    const report = await newReport();
    const token = signUnsubscribeToken(key, {
      tenantId: report.tenantId,
      reportId: report.reportId,
      recipient: 'ana@example.com',
    });
    const page = await call('GET', token);
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toContain('text/html');
    expect(page.headers?.['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(page.body).toContain('Weekly &lt;KPIs&gt;');
    // The GET alone (a link scanner) unsubscribes nobody.
    expect(await suppressions.find(report.tenantId, report.reportId, 'ana@example.com')).toBeNull();

    const done = await call('POST', token, 'List-Unsubscribe=One-Click');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('is unsubscribed');
    expect(await suppressions.find(report.tenantId, report.reportId, 'ana@example.com')).toEqual({
      reason: 'unsubscribed',
      tenantWide: false,
    });
    expect((await call('POST', token, 'List-Unsubscribe=One-Click')).statusCode).toBe(200);
    const { rows } = await stack.runtime.pool.query(
      'SELECT count(*)::int AS n FROM email_suppressions WHERE tenant_id = $1',
      [report.tenantId],
    );
    expect(rows[0]?.n).toBe(1);
    expect((await call('GET', token)).body).toContain('is unsubscribed');
  });

  it('accepts the one-click body as multipart/form-data', async () => {
    const report = await newReport();
    const token = signUnsubscribeToken(key, {
      tenantId: report.tenantId,
      reportId: report.reportId,
      recipient: 'ben@example.com',
    });
    const boundary = 'nexus-boundary-1';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const response = await call('POST', token, body, `multipart/form-data; boundary=${boundary}`);
    expect(response.statusCode).toBe(200);
    expect(await suppressions.find(report.tenantId, report.reportId, 'ben@example.com')).not.toBeNull();
  });

  it('refuses tampered, missing and wrong-key tokens and a POST without the one-click body, suppressing nothing', async () => {
    const report = await newReport();
    const token = signUnsubscribeToken(key, {
      tenantId: report.tenantId,
      reportId: report.reportId,
      recipient: 'ana@example.com',
    });
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    const wrongKey = signUnsubscribeToken(Buffer.from('another-key-that-is-32-bytes-long!!!'), {
      tenantId: report.tenantId,
      reportId: report.reportId,
      recipient: 'ana@example.com',
    });
    for (const bad of [tampered, wrongKey, undefined]) {
      const page = await call('GET', bad);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('This link does not work');
      const post = await call('POST', bad, 'List-Unsubscribe=One-Click');
      expect(post.statusCode).toBe(400);
      expect(JSON.parse(post.body)).toMatchObject({
        error: { code: 'INVALID_UNSUBSCRIBE_TOKEN', details: [{ path: 'token' }] },
        requestId: 'req-1',
      });
    }
    const noBody = await call('POST', token, 'List-Unsubscribe=Yes');
    expect(noBody.statusCode).toBe(400);
    expect(JSON.parse(noBody.body).error.code).toBe('INVALID_UNSUBSCRIBE_BODY');
    expect(await suppressions.find(report.tenantId, report.reportId, 'ana@example.com')).toBeNull();

    await reports.delete(report.tenantId, report.reportId);
    expect((await call('GET', token)).statusCode).toBe(404);
  });
});
