/** The OpenAPI document and the topology describe the same routes, and the contracts reach the document. */
import { describe, expect, it } from 'vitest';
import { docsPage, openApiDocument } from '../../../shared/runtime/openapi-document';
import { functions } from '../../../shared/topology';

const document = openApiDocument('http://127.0.0.1:4000') as {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        security: unknown[];
        requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
      }
    >
  >;
};
const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
);
const routes = functions.flatMap((f) =>
  (f.routes ?? []).map((r) => ({ key: `${r.method} ${r.path}`, route: r })),
);

describe('openApiDocument', () => {
  it('documents exactly the topology routes', () => {
    expect(document.openapi).toBe('3.1.0');
    expect([...documented].sort()).toEqual(routes.map((r) => r.key).sort());
  });

  it('marks public routes public and the others as needing a key', () => {
    for (const { key, route } of routes) {
      const [method, path] = key.split(' ') as [string, string];
      const op = document.paths[path]?.[method.toLowerCase()];
      expect(op?.security.length === 0, key).toBe(route.authenticated === false);
    }
  });

  it('carries request bodies generated from the zod contracts', () => {
    const register = document.paths['/v1/datasets']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(register?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'fields']));
    const batch = document.paths['/v1/batch']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(batch?.properties ?? {})).toContain('batch');
  });

  it('renders every operation into the HTML page, escaped', () => {
    const html = docsPage(document);
    for (const key of documented) expect(html).toContain(`<code>${key.split(' ')[1]}</code>`);
    expect(html).not.toContain('<script');
  });
});
