/**
 * The domain never imports a port that imports it back: across shared/ and functions/, no module
 * reaches itself through its relative imports (type-only imports included, since a cycle of
 * types is still a cycle of meaning).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Repository-relative module paths each module imports (relative specifiers only). */
function importGraph(dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((d) => sources(join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].flatMap((m) => {
      const base = resolve(dirname(file), m[1] ?? '');
      const hit = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
      return hit ? [relative(root, hit)] : [];
    });
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** One cycle per strongly connected group, found by depth-first search. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('import graph', () => {
  it('has no cycles in shared/ and functions/', () => {
    const graph = importGraph(['shared', 'functions']);
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('detects a cycle when there is one', () => {
    const graph = new Map([
      ['shared/ports/a.ts', ['shared/domain/b.ts']],
      ['shared/domain/b.ts', ['shared/ports/a.ts']],
    ]);
    expect(cycles(graph)).toHaveLength(1);
  });
});
