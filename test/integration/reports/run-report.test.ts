/**
 * The report runner's use case on real Postgres (reports, runs, suppressions) and real S3 (s3rver,
 * for files too large to attach) with twins for the mail and the query engine: a retried
 * scheduled run sends only to whom it has not reached, a send-now goes to its own recipients,
 * each message carries its recipient's signed unsubscribe link, suppressed addresses are skipped
 * and recorded, a CSV over the attachment budget becomes a signed API link that redirects to a
 * short presigned S3 GET of it (through the real download handler), and
 * a failing report records its error, sends nothing, and after three failed runs in a row is
 * disabled with the reason and the tenant's contact told once.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReportFileDownloadHandler } from '../../../functions/reports/report-file-download/report-file-download';
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { PostgresReportStore } from '../../../shared/adapters/postgres/postgres-report-store';
import { PostgresSuppressionStore } from '../../../shared/adapters/postgres/postgres-suppression-store';
import type { ContentBlock, Report } from '../../../shared/domain/reports/report-definition';
import { attachmentBudgetBytes } from '../../../shared/domain/reports/report-email';
import { reportFileUrl } from '../../../shared/domain/reports/report-file-token';
import { type RunReportDeps, runReport } from '../../../shared/domain/reports/run-report';
import { unsubscribeUrl, verifyUnsubscribeToken } from '../../../shared/domain/reports/unsubscribe-token';
import { tenantDirectory } from '../../../shared/runtime/metadata-stores';
import { reportFileStore } from '../../../shared/runtime/report-stores';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { apiEvent, lambdaContext } from '../../support/events';
import { InMemoryAnomalyStore } from '../../support/twins/in-memory-anomaly-store';
import { InMemoryDatasetCatalog } from '../../support/twins/in-memory-dataset-catalog';
import { InMemoryMetricCatalog } from '../../support/twins/in-memory-metric-catalog';
import { InMemoryQueryEngine } from '../../support/twins/in-memory-query-engine';
import { InMemoryRollupStore } from '../../support/twins/in-memory-rollup-store';
import { RecordingMailer } from '../../support/twins/recording-mailer';

let stack: ContractStack;
let store: PostgresReportStore;
let suppressions: PostgresSuppressionStore;
let charts: ResvgChartRenderer;
const signingKey = Buffer.from('a-test-signing-key-of-at-least-32-bytes!');

beforeAll(async () => {
  stack = await startContractStack(['postgres', 's3']);
  store = new PostgresReportStore(stack.runtime.pool);
  suppressions = new PostgresSuppressionStore(stack.runtime.pool);
  charts = new ResvgChartRenderer(await loadChartAssets());
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const querySql = 'SELECT page, views FROM pageviews ORDER BY views DESC';

async function newReport(
  contents: ContentBlock[] = [{ type: 'query', sql: querySql, maxRows: 2 }],
): Promise<Report> {
  const { tenantId } = await tenantDirectory(stack.runtime).createTenant(
    `Acme ${randomUUID()}`,
    'ops@acme.example',
  );
  const report: Report = {
    reportId: randomUUID(),
    tenantId,
    name: 'Top pages',
    schedule: { cron: '0 8 * * *', timezone: 'Europe/Berlin' },
    recipients: ['ana@example.com', 'ben@example.com'],
    contents,
    enabled: true,
    consecutiveFailures: 0,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  };
  await store.create(report);
  return report;
}

function deps(mailer: RecordingMailer, engine: InMemoryQueryEngine): RunReportDeps {
  return {
    reports: store,
    mailer,
    charts,
    content: {
      metrics: new InMemoryMetricCatalog(),
      datasets: new InMemoryDatasetCatalog(),
      catalog: new InMemoryDatasetCatalog(),
      engine,
      dialect: 'duckdb',
      rollups: new InMemoryRollupStore(),
      anomalies: new InMemoryAnomalyStore(),
      endpoint: { invoke: async () => Promise.reject(new Error('no model in this test')) },
      parser: null,
      lateWindowSeconds: 3600,
      now: () => new Date(),
      newId: randomUUID,
    },
    newId: randomUUID,
    now: () => new Date(),
    suppressions,
    unsubscribeUrl: async (claims) => unsubscribeUrl('https://nexus.example.com', signingKey, claims),
    files: reportFileStore(stack.runtime),
    fileUrl: async (claims) => reportFileUrl('https://nexus.example.com', signingKey, claims),
  };
}

/** The token in a message's List-Unsubscribe header, verified. */
function unsubscribeClaimsOf(email: { headers?: readonly { name: string; value: string }[] } | undefined) {
  const header = email?.headers?.find((h) => h.name === 'List-Unsubscribe')?.value ?? '';
  const token = new URL(header.replace(/^<|>$/g, '')).searchParams.get('token') ?? '';
  return verifyUnsubscribeToken(signingKey, token);
}

function succeedingEngine(): InMemoryQueryEngine {
  const engine = new InMemoryQueryEngine();
  engine.initialStatus = { status: 'SUCCEEDED' };
  engine.columns = [
    { name: 'page', type: 'VARCHAR' },
    { name: 'views', type: 'BIGINT' },
  ];
  engine.rows = [
    ['/pricing', 120],
    ['=HYPERLINK("x")', 80],
    ['/docs', 40],
  ];
  return engine;
}

describe('runReport', () => {
  it('retries a scheduled run only for the recipients it has not reached, then sends nothing', async () => {
    const report = await newReport();
    const request = {
      tenantId: report.tenantId,
      reportId: report.reportId,
      scheduledAt: '2026-12-02T07:00:00Z',
    };
    const flaky = new RecordingMailer(new Set(['ben@example.com']));

    const first = await runReport(request, deps(flaky, succeedingEngine()));
    expect(first).toMatchObject({ outcome: 'done', status: 'partial', sent: 1 });
    expect(flaky.sent.map((m) => m.to)).toEqual(['ana@example.com']);
    const email = flaky.sent[0];
    expect(email?.text).toContain('/pricing');
    expect(email?.text).toContain('Showing 2 of 3 rows');
    const csv = new TextDecoder().decode(
      email?.attachments?.find((a) => a.filename.endsWith('.csv'))?.content,
    );
    expect(csv).toContain(`'=HYPERLINK`);

    const healthy = new RecordingMailer();
    const retry = await runReport(request, deps(healthy, succeedingEngine()));
    expect(retry).toMatchObject({ status: 'succeeded', sent: 1, runId: (first as { runId: string }).runId });
    expect(healthy.sent.map((m) => m.to)).toEqual(['ben@example.com']);

    const again = await runReport(
      { ...request, scheduledAt: '2026-12-02T07:00:00.000Z' },
      deps(healthy, succeedingEngine()),
    );
    expect(again).toMatchObject({ sent: 0 });
    expect(healthy.sent).toHaveLength(1);
    const [run] = await store.listRuns(report.tenantId, report.reportId, 10);
    expect(run?.recipients.map((r) => [r.recipient, r.status])).toEqual([
      ['ana@example.com', 'sent'],
      ['ben@example.com', 'sent'],
    ]);
    expect(await store.listRuns(randomUUID(), report.reportId, 10)).toEqual([]);
  });

  it("gives each message its recipient's own signed one-click unsubscribe link, in the headers and the footer", async () => {
    const report = await newReport();
    const mailer = new RecordingMailer();
    await runReport(
      { tenantId: report.tenantId, reportId: report.reportId, scheduledAt: '2026-12-02T05:00:00Z' },
      deps(mailer, succeedingEngine()),
    );
    expect(mailer.sent.map((m) => m.to)).toEqual(['ana@example.com', 'ben@example.com']);
    for (const message of mailer.sent) {
      expect(unsubscribeClaimsOf(message)).toEqual({
        tenantId: report.tenantId,
        reportId: report.reportId,
        recipient: message.to,
      });
      expect(message.headers).toContainEqual({
        name: 'List-Unsubscribe-Post',
        value: 'List-Unsubscribe=One-Click',
      });
      const link = message.headers?.find((h) => h.name === 'List-Unsubscribe')?.value.slice(1, -1);
      expect(message.html).toContain(`href="${link}"`);
      expect(message.tags).toMatchObject({ tenant: report.tenantId, report: report.reportId });
    }
  });

  it('skips unsubscribed and bounced addresses just before the send, recording why', async () => {
    const report = await newReport();
    const other = { ...report, reportId: randomUUID() };
    await store.create(other);
    expect(
      await suppressions.suppress({
        tenantId: report.tenantId,
        reportId: report.reportId,
        address: 'ANA@example.com',
        reason: 'unsubscribed',
      }),
    ).toBe(true);
    // Idempotent: a second unsubscribe changes nothing.
    expect(
      await suppressions.suppress({
        tenantId: report.tenantId,
        reportId: report.reportId,
        address: 'ana@example.com',
        reason: 'unsubscribed',
      }),
    ).toBe(false);
    const mailer = new RecordingMailer();
    const result = await runReport(
      { tenantId: report.tenantId, reportId: report.reportId, scheduledAt: '2026-12-02T04:00:00Z' },
      deps(mailer, succeedingEngine()),
    );
    expect(result).toMatchObject({ status: 'succeeded', sent: 1 });
    expect(mailer.sent.map((m) => m.to)).toEqual(['ben@example.com']);
    const [run] = await store.listRuns(report.tenantId, report.reportId, 1);
    expect(run?.recipients.map((r) => [r.recipient, r.status, r.reason])).toEqual([
      ['ana@example.com', 'suppressed', 'unsubscribed'],
      ['ben@example.com', 'sent', undefined],
    ]);

    // A hard bounce suppresses for every report of the tenant; the unsubscribe only for its report.
    await suppressions.suppress({ tenantId: report.tenantId, address: 'ben@example.com', reason: 'bounced' });
    const next = new RecordingMailer();
    await runReport(
      { tenantId: report.tenantId, reportId: other.reportId, scheduledAt: '2026-12-02T04:00:00Z' },
      deps(next, succeedingEngine()),
    );
    expect(next.sent.map((m) => m.to)).toEqual(['ana@example.com']);
    const [otherRun] = await store.listRuns(report.tenantId, other.reportId, 1);
    expect(otherRun?.recipients.find((r) => r.recipient === 'ben@example.com')).toMatchObject({
      status: 'suppressed',
      reason: 'bounced',
    });
    // Another tenant's report id is refused: a suppression never lands outside its tenant.
    const stranger = await newReport();
    expect(
      await suppressions.suppress({
        tenantId: report.tenantId,
        reportId: stranger.reportId,
        address: 'x@example.com',
        reason: 'unsubscribed',
      }),
    ).toBe(false);
  });

  it('links a CSV too large to attach: a 7-day signed API link that redirects to a 5-minute S3 GET', async () => {
    const report = await newReport();
    const engine = succeedingEngine();
    const filler = 'x'.repeat(100);
    engine.rows = Array.from({ length: 70_000 }, (_, i) => [`/page-${i}-${filler}`, i]);
    const mailer = new RecordingMailer();
    const result = await runReport(
      { tenantId: report.tenantId, reportId: report.reportId, scheduledAt: '2026-12-02T03:00:00Z' },
      deps(mailer, engine),
    );
    expect(result).toMatchObject({ status: 'succeeded', sent: 2 });
    const email = mailer.sent[0];
    expect((email?.attachments ?? []).some((a) => a.filename.endsWith('.csv'))).toBe(false);
    const attached = (email?.attachments ?? []).reduce((n, a) => n + a.content.byteLength, 0);
    expect(attached).toBeLessThanOrEqual(attachmentBudgetBytes);
    expect(email?.text).toContain('too large to attach');
    // The email links the API, not S3: no credentials of the runner are in the link.
    const link = /href="(https:\/\/nexus\.example\.com\/v1\/report-files\?token=[^"]+)"/
      .exec(email?.html ?? '')?.[1]
      ?.replaceAll('&amp;', '&');
    expect(link).toBeDefined();
    expect(email?.html).not.toContain('X-Amz-Signature');
    const token = new URL(link ?? '').searchParams.get('token') ?? '';
    const download = makeReportFileDownloadHandler({
      signingKey: async () => signingKey,
      files: reportFileStore(stack.runtime),
      now: () => new Date(Date.now() + 6 * 86_400_000),
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const get = (query: Record<string, string>) =>
      download(
        apiEvent({ path: '/v1/report-files', resource: '/v1/report-files', principal: null, query }),
        lambdaContext(),
      );
    // Six days later the link still works: the route presigns a fresh URL with its own role.
    const redirect = await get({ token });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers?.['cache-control']).toBe('no-store');
    const location = String(redirect.headers?.['location'] ?? '');
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('.csv');
    const csv = new TextDecoder().decode(await file.arrayBuffer());
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(70_001);
    expect(csv).toContain(`/page-69999-${filler},69999`);
    expect(csv.length).toBeGreaterThan(attachmentBudgetBytes);
    // A tampered token is a 400 in the error shape, and S3 refuses a tampered presigned URL.
    const tampered = await get({
      token: `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`,
    });
    expect(tampered.statusCode).toBe(400);
    expect(JSON.parse(tampered.body)).toMatchObject({ error: { code: 'INVALID_REPORT_FILE_TOKEN' } });
    // Change the signature's first digit (to another digit: one in 16 signatures starts with 0).
    const forged = location.replace(
      /X-Amz-Signature=(\w)/,
      (_, d: string) => `X-Amz-Signature=${d === '0' ? '1' : '0'}`,
    );
    expect(forged).not.toBe(location);
    expect((await fetch(forged)).status).toBe(403);
  }, 60_000);

  it('sends each recipient once when two invocations of one scheduled run race', async () => {
    const report = await newReport();
    const request = {
      tenantId: report.tenantId,
      reportId: report.reportId,
      scheduledAt: '2026-12-02T06:00:00Z',
    };
    const mailer = new RecordingMailer();
    const results = await Promise.all([
      runReport(request, deps(mailer, succeedingEngine())),
      runReport(request, deps(mailer, succeedingEngine())),
    ]);
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['ana@example.com', 'ben@example.com']);
    expect(new Set(results.map((r) => (r as { runId: string }).runId)).size).toBe(1);
  });

  it('sends a send-now run to its own recipients', async () => {
    const report = await newReport();
    const runId = randomUUID();
    await store.claimRun({
      runId,
      tenantId: report.tenantId,
      reportId: report.reportId,
      kind: 'manual',
      scheduledAt: new Date().toISOString(),
      recipients: ['tester@example.com'],
    });
    const mailer = new RecordingMailer();
    const result = await runReport(
      { tenantId: report.tenantId, reportId: report.reportId, runId },
      deps(mailer, succeedingEngine()),
    );
    expect(result).toMatchObject({ status: 'succeeded', sent: 1, runId });
    expect(mailer.sent.map((m) => m.to)).toEqual(['tester@example.com']);
  });

  it('records a failing report, sends nothing, and disables it after three failed runs, telling the contact once', async () => {
    const report = await newReport();
    const broken = () => {
      const engine = new InMemoryQueryEngine();
      engine.initialStatus = {
        status: 'FAILED',
        error: { code: 'SQL_ERROR', message: 'Table pageviews does not exist' },
      };
      return engine;
    };
    const mailer = new RecordingMailer();
    for (const hour of ['07', '08', '09']) {
      const result = await runReport(
        { tenantId: report.tenantId, reportId: report.reportId, scheduledAt: `2026-12-02T${hour}:00:00Z` },
        deps(mailer, broken()),
      );
      expect(result).toMatchObject({ status: 'failed', sent: 0 });
    }
    // A retry of a failed run is final: no second notice.
    await runReport(
      { tenantId: report.tenantId, reportId: report.reportId, scheduledAt: '2026-12-02T09:00:00Z' },
      deps(mailer, broken()),
    );

    expect(mailer.sent.map((m) => m.to)).toEqual(['ops@acme.example']);
    expect(mailer.sent[0]?.subject).toBe('Report "Top pages" was disabled');
    const stored = await store.find(report.tenantId, report.reportId);
    expect(stored).toMatchObject({ enabled: false, consecutiveFailures: 3 });
    expect(stored?.disabledReason).toContain('Table pageviews does not exist');
    const runs = await store.listRuns(report.tenantId, report.reportId, 10);
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(runs[0]?.error).toContain('Table pageviews does not exist');

    const next = await runReport(
      { tenantId: report.tenantId, reportId: report.reportId, scheduledAt: '2026-12-02T10:00:00Z' },
      deps(mailer, succeedingEngine()),
    );
    expect(next).toEqual({ outcome: 'skipped', reason: 'the report is disabled' });
  });
});
