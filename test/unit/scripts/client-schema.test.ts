import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  clientSchemaFile,
  clientSchemaSource,
  hoistLocalDefs,
} from '../../../scripts/generate-client-schema';

describe('the typed client’s generated schema', () => {
  it('is what the served OpenAPI document generates today (run npm run client:generate when not)', async () => {
    expect(await readFile(clientSchemaFile, 'utf8')).toBe(await clientSchemaSource());
  }, 60_000);

  it('moves embedded $defs to components and rewrites their references', () => {
    const hoisted = hoistLocalDefs({
      paths: {
        '/x': {
          post: {
            schema: {
              $defs: { item: { type: 'string' } },
              type: 'array',
              items: { $ref: '#/$defs/item' },
            },
          },
        },
      },
    });
    expect(JSON.stringify(hoisted)).not.toContain('$defs');
    expect(hoisted).toMatchObject({
      components: { schemas: { Embedded0: { type: 'string' } } },
      paths: { '/x': { post: { schema: { items: { $ref: '#/components/schemas/Embedded0' } } } } },
    });
  });
});
