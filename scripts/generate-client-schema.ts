/**
 * Writes the typed client's OpenAPI types (clients/typescript/src/schema.ts) from the document the
 * API serves, with openapi-typescript. `--check` fails when the file is out of date instead
 * (the unit test runs the same comparison).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../shared/runtime/openapi-document';

export const clientSchemaFile = join(process.cwd(), 'clients/typescript/src/schema.ts');

const header = `/**
 * The Nexus API's paths and schemas as TypeScript types, generated from its OpenAPI 3.1 document
 * by \`npm run client:generate\` (openapi-typescript). Do not edit by hand.
 */
`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * zod's JSON Schemas carry recursive types as local `$defs` referenced by `#/$defs/...`, which
 * JSON Schema resolves against the embedded schema but OpenAPI tools against the document: each
 * is moved to `components/schemas` under a unique name and its references rewritten.
 */
export function hoistLocalDefs(document: Json): Json {
  const copy = structuredClone(document);
  const components = (isObject(copy.components) ? copy.components : {}) as Json;
  const schemas = (isObject(components.schemas) ? components.schemas : {}) as Json;
  components.schemas = schemas;
  copy.components = components;
  let next = 0;
  const rewrite = (node: unknown, names: Map<string, string>): void => {
    if (Array.isArray(node)) {
      for (const item of node) rewrite(item, names);
      return;
    }
    if (!isObject(node)) return;
    let scope = names;
    if (isObject(node.$defs)) {
      scope = new Map(names);
      for (const name of Object.keys(node.$defs)) scope.set(name, `Embedded${next++}`);
      for (const [name, def] of Object.entries(node.$defs)) {
        // A recursive JSON value (zod's z.json()) becomes "any JSON": TypeScript cannot index a
        // type alias that names itself inside components["schemas"].
        const recursive = JSON.stringify(def).includes(`"#/$defs/${name}"`);
        schemas[scope.get(name) ?? name] = recursive ? { description: 'any JSON value' } : def;
      }
      const defs = node.$defs;
      delete node.$defs;
      for (const def of Object.values(defs)) rewrite(def, scope);
    }
    const ref = typeof node.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1] : undefined;
    if (ref && scope.has(ref)) node.$ref = `#/components/schemas/${scope.get(ref)}`;
    for (const [key, value] of Object.entries(node)) if (key !== '$ref') rewrite(value, scope);
  };
  rewrite(copy.paths, new Map());
  return copy;
}

export async function clientSchemaSource(): Promise<string> {
  const document = hoistLocalDefs(openApiDocument() as Json);
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  return `${header}${astToString(ast)}`;
}

async function main(): Promise<void> {
  const source = await clientSchemaSource();
  if (process.argv.includes('--check')) {
    const current = await readFile(clientSchemaFile, 'utf8').catch(() => '');
    if (current !== source) {
      process.stderr.write('clients/typescript/src/schema.ts is out of date: run npm run client:generate\n');
      process.exit(1);
    }
    return;
  }
  await writeFile(clientSchemaFile, source);
  process.stdout.write(`wrote ${clientSchemaFile}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) await main();
