/**
 * Every function that serves routes dispatches them through one route table whose keys are
 * exactly its routes in shared/topology.ts, so the API Gateway wiring and the code cannot drift.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RouteTable } from '../../../shared/runtime/route-table';
import { functions } from '../../../shared/topology';

const routed = functions.filter((f) => (f.routes ?? []).length > 0);

/** The `<name>Routes(deps)` export of the function's `<name>.ts`, built with no deps (entries are lazy). */
async function routeTableOf(entry: string, name: string): Promise<RouteTable> {
  const module = await import(join(process.cwd(), entry.replace(/handler\.ts$/, `${name}.ts`)));
  const exported = Object.entries(module).find(([key]) => key.endsWith('Routes'));
  if (!exported) throw new Error(`${entry}: ${name}.ts exports no *Routes table`);
  return (exported[1] as (deps: unknown) => RouteTable)({});
}

describe('route tables', () => {
  it.each(routed.map((f) => ({ name: f.name, spec: f })))(
    '$name routes exactly its topology routes',
    async ({ spec }) => {
      const table = await routeTableOf(spec.entry, spec.name);
      const topology = (spec.routes ?? []).map((r) => `${r.method} ${r.path}`);
      expect([...table.keys].sort()).toEqual(topology.sort());
    },
  );
});
