/**
 * The report runner's use case on real Postgres (PostgresReportStore) with twins for the mail and
 * the query engine: a retried scheduled run sends only to whom it has not reached, a send-now
 * goes to its own recipients, a failing report records its error, sends nothing, and after
 * three failed runs in a row is disabled with the reason and the tenant's contact told once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChartAssets } from '../../../shared/adapters/charts/chart-assets';
import { ResvgChartRenderer } from '../../../shared/adapters/charts/resvg-chart-renderer';
import { PostgresReportStore } from '../../../shared/adapters/postgres/postgres-report-store';
import type { ContentBlock, Report } from '../../../shared/domain/reports/report-definition';
import { type RunReportDeps, runReport } from '../../../shared/domain/reports/run-report';
import { tenantDirectory } from '../../../shared/runtime/metadata-stores';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { InMemoryAnomalyStore } from '../../support/twins/in-memory-anomaly-store';
import { InMemoryDatasetCatalog } from '../../support/twins/in-memory-dataset-catalog';
import { InMemoryMetricCatalog } from '../../support/twins/in-memory-metric-catalog';
import { InMemoryQueryEngine } from '../../support/twins/in-memory-query-engine';
import { InMemoryRollupStore } from '../../support/twins/in-memory-rollup-store';
import { RecordingMailer } from '../../support/twins/recording-mailer';

let stack: ContractStack;
let store: PostgresReportStore;
let charts: ResvgChartRenderer;

beforeAll(async () => {
  stack = await startContractStack(['postgres']);
  store = new PostgresReportStore(stack.runtime.pool);
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
  };
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
