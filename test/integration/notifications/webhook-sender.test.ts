/**
 * HttpWebhookSender against a receiver on loopback that verifies every request with the
 * `standardwebhooks` package, as a tenant's endpoint would. Refused addresses are refused before
 * any connection is made, so those cases send no traffic anywhere.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../../shared/adapters/http/http-webhook-sender';
import { newWebhookSecret } from '../../../shared/adapters/http/webhook-signing';
import { alertWebhookPayload } from '../../../shared/domain/notifications/alert-notice';
import { firingNotice } from '../../support/notifications/alert-fixtures';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  verified: unknown;
  verifyError?: string;
}

const secret = newWebhookSecret();
let server: Server;
let base: string;
let received: Received[];
/** What the receiver answers next: a status, or 'hang' to never answer. */
let answer: number | 'hang';

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: Received = { headers: req.headers, body, verified: undefined };
      try {
        entry.verified = new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch (error) {
        entry.verifyError = (error as Error).message;
      }
      received.push(entry);
      if (answer === 'hang') return;
      res.writeHead(answer).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

beforeEach(() => {
  received = [];
  answer = 204;
});

const payload = alertWebhookPayload(firingNotice(), new Date('2026-12-02T10:51:03Z'));
const local = new HttpWebhookSender({ allowLoopback: true, timeoutMs: 2_000 });

describe('HttpWebhookSender', () => {
  it('delivers a body the receiver verifies with the channel secret', async () => {
    const attempt = await local.send({
      url: `${base}/hooks`,
      secret,
      messageId: 'msg_alr_01JDEMO_1',
      payload,
    });

    expect(attempt).toMatchObject({ outcome: 'delivered', status: 204, retryable: false });
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit?.verifyError).toBeUndefined();
    expect(hit?.verified).toEqual(payload);
    expect(hit?.headers['webhook-id']).toBe('msg_alr_01JDEMO_1');
    expect(hit?.headers['content-type']).toBe('application/json');
    expect(hit?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
  });

  it('signs with the given secret only: another channel’s secret does not verify', async () => {
    await local.send({ url: base, secret: newWebhookSecret(), messageId: 'msg_2', payload });

    expect(received[0]?.verifyError).toMatch(/No matching signature/);
  });

  it('reports 5xx and 429 as retryable, other 4xx as final, and a hung receiver as a retryable timeout', async () => {
    const quick = new HttpWebhookSender({ allowLoopback: true, timeoutMs: 300 });
    const outcomes: unknown[] = [];
    for (const status of [503, 429, 400, 'hang'] as const) {
      answer = status;
      const a = await quick.send({ url: base, secret, messageId: `msg_${status}`, payload });
      outcomes.push([a.outcome, a.status, a.retryable, a.error]);
    }

    expect(outcomes).toEqual([
      ['failed', 503, true, 'HTTP 503'],
      ['failed', 429, true, 'HTTP 429'],
      ['failed', 400, false, 'HTTP 400'],
      ['failed', undefined, true, 'timed out after 300 ms'],
    ]);
  });

  it('refuses private, link-local, metadata, unique-local and loopback addresses unless loopback is allowed', async () => {
    const cloud = new HttpWebhookSender({ allowLoopback: false, timeoutMs: 2_000 });
    const urls = [
      base,
      'https://localhost/hooks',
      'https://10.1.2.3/hooks',
      'https://192.168.0.10/hooks',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fd00:ec2::254]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fe80::1]/',
      'https://0.0.0.0/',
    ];

    const attempts = await Promise.all(
      urls.map((url) => cloud.send({ url, secret, messageId: 'm', payload })),
    );

    expect(attempts.map((a) => [a.outcome, a.retryable])).toEqual(urls.map(() => ['refused', false]));
    expect(attempts[4]?.error).toMatch(/linkLocal/);
    expect(attempts[5]?.error).toMatch(/uniqueLocal/);
    expect(received).toHaveLength(0);
  });

  it('refuses plain http outside local runs, and what is not a URL', async () => {
    const cloud = new HttpWebhookSender({ allowLoopback: false });

    const http = await cloud.send({ url: 'http://hooks.example.com/x', secret, messageId: 'm', payload });
    const junk = await cloud.send({ url: 'not a url', secret, messageId: 'm', payload });

    expect([http.outcome, http.error]).toEqual(['refused', 'http: URLs are not allowed']);
    expect([junk.outcome, junk.error]).toEqual(['refused', 'not a URL']);
  });
});
