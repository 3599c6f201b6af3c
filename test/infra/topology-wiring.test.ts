/**
 * Local and cloud cannot drift: every handler in functions/ is in the topology (which both the
 * CDK stacks and the local runtime read), every topology entry points at a real handler, and the
 * model server, the one non-Lambda unit, is what the Insights stack builds its image from.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions } from '../../shared/topology';

const root = process.cwd();

function handlerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return handlerFiles(path);
    return entry.name === 'handler.ts' ? [relative(root, path)] : [];
  });
}

describe('topology wiring', () => {
  it('lists every handler in functions/ exactly once', () => {
    const handlers = handlerFiles(join(root, 'functions')).sort();
    const entries = functions.map((f) => f.entry).sort();
    expect(entries).toEqual(handlers);
    expect(new Set(functions.map((f) => f.name)).size).toBe(functions.length);
  });

  it('points every entry at a module that exports a handler', () => {
    for (const spec of functions) {
      const source = readFileSync(join(root, spec.entry), 'utf8');
      expect(source, spec.entry).toMatch(/export const handler\b/);
    }
  });

  it('gives every routed path one function per method', () => {
    const routes = functions.flatMap((f) => (f.routes ?? []).map((r) => `${r.method} ${r.path}`));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('builds the SageMaker image from the model server directory', () => {
    expect(existsSync(join(root, 'functions/model-server/Dockerfile'))).toBe(true);
    const insights = readFileSync(join(root, 'infra/stacks/insights-stack.ts'), 'utf8');
    expect(insights).toContain("file: 'functions/model-server/Dockerfile'");
  });
});
