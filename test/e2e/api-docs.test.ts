/** The API reference through the local gateway: the OpenAPI document and the docs page need no key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform';

let e2e: E2ePlatform | undefined;

beforeAll(async () => {
  e2e = await startE2ePlatform('api-docs');
}, 180_000);

afterAll(async () => {
  await e2e?.stop();
});

describe('API reference', () => {
  it('serves the OpenAPI document without a key, pointing at the server it was asked on', async () => {
    const url = e2e?.platform.apiUrl ?? '';
    const response = await fetch(`${url}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: object;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers[0]?.url).toBe(url);
    expect(Object.keys(document.paths)).toContain('/v1/track');
  });

  it('serves the HTML reference without a key and without external assets', async () => {
    const response = await fetch(`${e2e?.platform.apiUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<code>/v1/queries</code>');
    expect(html).not.toMatch(/<script|<link|src=/);
  });
});
