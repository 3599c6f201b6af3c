/** Builds the OpenAPI 3.1 document from the operations table and renders it as a self-contained HTML page. */
import * as z from 'zod';
import { definedProps } from '../domain/defined-props';
import { type ApiOperation, apiOperations } from './api-operations';

type Json = Record<string, unknown>;

const toSchema = (schema: z.ZodType): Json =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;

const errorSchema: Json = {
  type: 'object',
  required: ['error', 'requestId'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: {
              path: { type: 'string' },
              message: { type: 'string' },
              code: { type: 'string' },
              index: { type: 'integer' },
            },
          },
        },
      },
    },
    requestId: { type: 'string' },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operationObject(key: string, op: ApiOperation): Json {
  const path = key.slice(key.indexOf(' ') + 1);
  const parameters: Json[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (op.query) {
    const schema = toSchema(op.query) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        schema: property,
      });
    }
  }
  const body = op.body ? toSchema(op.body) : undefined;
  const content: Json = {};
  if (body) {
    content['application/json'] = { schema: body };
    for (const type of op.bodyTypes ?? []) content[type] = { schema: { type: 'string' } };
  }
  // Absent keys, not undefined ones: the document is serialized and validated as OpenAPI 3.1.
  return definedProps({
    operationId: key.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, ''),
    summary: op.summary,
    tags: [op.tag],
    security: op.scope ? [{ bearer: [] }, { apiKey: [] }, { basic: [] }] : [],
    'x-nexus-scope': op.scope,
    parameters: parameters.length > 0 ? parameters : undefined,
    requestBody: body ? { required: true, content } : undefined,
    responses: {
      [op.success.status]: { description: op.success.description },
      ...definedProps({
        400: op.body || op.query || parameters.length > 0 ? errorResponse('invalid input') : undefined,
        401: op.scope ? errorResponse('missing or unknown API key') : undefined,
        403: op.scope ? errorResponse(`the key lacks the ${op.scope} scope`) : undefined,
      }),
    },
  });
}

/** The document; `serverUrl` is where the API is reached (the request's own origin when served). */
export function openApiDocument(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const [key, op] of Object.entries(apiOperations)) {
    if (!op) continue;
    const method = key.slice(0, key.indexOf(' ')).toLowerCase();
    const path = key.slice(key.indexOf(' ') + 1);
    paths[path] = { ...paths[path], [method]: operationObject(key, op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nexus API',
      version: '1',
      description:
        'Ingest, catalog, query and analyze events. Errors share one shape (components.schemas.Error).',
    },
    ...definedProps({ servers: serverUrl ? [{ url: serverUrl }] : undefined }),
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'the API key as user name (Segment write keys)',
        },
      },
    },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A dependency-free reference page: no CDN, no script, one request. */
export function docsPage(document: Json): string {
  const paths = document.paths as Record<string, Record<string, Json>>;
  const sections = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const body = (op.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      const scope = op['x-nexus-scope']
        ? `scope <code>${escapeHtml(String(op['x-nexus-scope']))}</code>`
        : 'public';
      return `<section><h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary))} · ${scope}</p>${
        body
          ? `<details><summary>request body</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>`
          : ''
      }</section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nexus API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
.m{display:inline-block;min-width:4.5rem;font-weight:600}pre{background:#f4f4f4;padding:.5rem;overflow:auto}
section{border-top:1px solid #ddd}</style></head><body><h1>Nexus API</h1>
<p>The machine-readable document: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p>
${sections.join('\n')}</body></html>`;
}
