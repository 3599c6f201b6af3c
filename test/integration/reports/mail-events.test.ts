/**
 * The mail-events function on real Postgres with SES's own event shapes (as the configuration set
 * publishes them to EventBridge): a permanent bounce and a complaint suppress the addresses for
 * the tagged tenant, a transient bounce and an untagged message change nothing, and a replay adds
 * nothing. That the runner then skips such an address is run-report.test.ts's business.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMailEventsHandler } from '../../../functions/reports/mail-events/mail-events';
import { PostgresSuppressionStore } from '../../../shared/adapters/postgres/postgres-suppression-store';
import { tenantDirectory } from '../../../shared/runtime/metadata-stores';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { lambdaContext } from '../../support/events';

let stack: ContractStack;
let suppressions: PostgresSuppressionStore;
let handler: ReturnType<typeof makeMailEventsHandler>;

beforeAll(async () => {
  stack = await startContractStack(['postgres']);
  suppressions = new PostgresSuppressionStore(stack.runtime.pool);
  handler = makeMailEventsHandler({ suppressions, logger: new Logger({ logLevel: 'SILENT' }) });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** An SES event as EventBridge delivers it (see the SES developer guide's event examples). */
function sesEvent(detailType: string, detail: Record<string, unknown>, tags: Record<string, string[]>) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-12-02T08:00:05Z',
    region: 'eu-west-1',
    resources: ['arn:aws:ses:eu-west-1:123456789012:configuration-set/nexus-dev-reports'],
    detail: {
      ...detail,
      mail: {
        timestamp: '2026-12-02T08:00:01.012Z',
        source: 'Nexus Reports <reports@nexus.example.com>',
        sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/nexus.example.com',
        sendingAccountId: '123456789012',
        messageId: '0102018c2b6f5f21-5b0c3e9e-9b5e-4f1c-8f2e-000000000000-000000',
        destination: ['gone@example.com'],
        headersTruncated: false,
        tags: { 'ses:configuration-set': ['nexus-dev-reports'], 'ses:source-ip': ['10.0.0.1'], ...tags },
      },
    },
  };
}

const bounce = (bounceType: string, address: string) => ({
  eventType: 'Bounce',
  bounce: {
    feedbackId: '0102018c2b6f6a77-00000000-0000-0000-0000-000000000000-000000',
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [
      {
        emailAddress: address,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      },
    ],
    timestamp: '2026-12-02T08:00:04.669Z',
    reportingMTA: 'dsn; a1-2.smtp-out.eu-west-1.amazonses.com',
  },
});

describe('mail-events', () => {
  it('suppresses a hard bounce and a complaint for the tagged tenant, once', async () => {
    const { tenantId } = await tenantDirectory(stack.runtime).createTenant(`Acme ${randomUUID()}`);
    const reportId = randomUUID();
    const tags = { tenant: [tenantId], report: [reportId], run: [randomUUID()] };

    const hard = sesEvent('Email Bounced', bounce('Permanent', 'Gone@Example.com'), tags);
    expect(await handler(hard, lambdaContext())).toEqual({
      outcome: 'suppressed',
      tenantId,
      added: 1,
      of: 1,
    });
    expect(await handler(hard, lambdaContext())).toMatchObject({ added: 0, of: 1 });
    expect(await suppressions.find(tenantId, reportId, 'gone@example.com')).toEqual({
      reason: 'bounced',
      tenantWide: true,
    });
    const { rows } = await stack.runtime.pool.query(
      'SELECT detail FROM email_suppressions WHERE tenant_id = $1',
      [tenantId],
    );
    expect(rows).toEqual([{ detail: 'smtp; 550 5.1.1 user unknown' }]);

    const complaint = sesEvent(
      'Email Complaint Received',
      {
        eventType: 'Complaint',
        complaint: {
          feedbackId: '0102018c2b6f7b88-00000000-0000-0000-0000-000000000000-000000',
          complaintSubType: null,
          complainedRecipients: [{ emailAddress: 'annoyed@example.com' }],
          timestamp: '2026-12-02T09:00:00.000Z',
          userAgent: 'Mozilla/5.0',
          complaintFeedbackType: 'abuse',
        },
      },
      tags,
    );
    expect(await handler(complaint, lambdaContext())).toMatchObject({ outcome: 'suppressed', added: 1 });
    expect(await suppressions.find(tenantId, randomUUID(), 'annoyed@example.com')).toMatchObject({
      reason: 'complained',
    });
  });

  it('ignores transient bounces, untagged messages and what is not an SES event', async () => {
    const { tenantId } = await tenantDirectory(stack.runtime).createTenant(`Acme ${randomUUID()}`);
    const soft = sesEvent('Email Bounced', bounce('Transient', 'full@example.com'), { tenant: [tenantId] });
    expect(await handler(soft, lambdaContext())).toEqual({
      outcome: 'ignored',
      reason: 'a Transient bounce',
    });
    const untagged = sesEvent('Email Bounced', bounce('Permanent', 'x@example.com'), {});
    expect(await handler(untagged, lambdaContext())).toMatchObject({ outcome: 'ignored' });
    const forged = sesEvent('Email Bounced', bounce('Permanent', 'x@example.com'), {
      tenant: ['not-a-uuid'],
    });
    expect(await handler(forged, lambdaContext())).toMatchObject({ outcome: 'ignored' });
    expect(await handler({ source: 'aws.s3', detail: {} }, lambdaContext())).toMatchObject({
      outcome: 'ignored',
    });
    const { rows } = await stack.runtime.pool.query(
      'SELECT count(*)::int AS n FROM email_suppressions WHERE tenant_id = $1',
      [tenantId],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
