import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');
const run = (...args: string[]): string[] =>
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cost/cost.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  })
    .trimEnd()
    .split('\n');

describe('npm run cost', () => {
  it('ends with the stage $/M events and the idle dev month, the latter the same for every stage', () => {
    const dev = run('--workload', 'gap', '--stage', 'dev').at(-1) ?? '';
    const prod = run('--workload', 'gap', '--stage', 'prod').at(-1) ?? '';
    const pattern = /^\$\/M events: (\d+\.\d{3}) {2}idle dev \$\/month: (\d+\.\d{2})$/;
    const [, devPerM, devIdle] = dev.match(pattern) ?? [];
    const [, prodPerM, prodIdle] = prod.match(pattern) ?? [];
    expect(devIdle).toBeDefined();
    expect(prodIdle).toBe(devIdle);
    // The goal for an idle dev stage: nothing always-on beyond ~$30 a month.
    expect(Number(devIdle)).toBeLessThanOrEqual(30);
    // Prod runs a Multi-AZ database and more model instances: each event costs more at this load.
    expect(Number(prodPerM)).toBeGreaterThan(Number(devPerM));
  }, 60_000);

  it('prints the lower bound: the whole budget the goal allows, and the scale that reaches it', () => {
    const lines = run('--workload', 'gap', '--stage', 'prod');
    const events = Number(/: ([\d.]+)M events per 720-hour month/.exec(lines[0] ?? '')?.[1]);
    const bound = lines.find((l) => l.startsWith('lower bound (stage prod)')) ?? '';
    const budget = Number(/is \$([\d.]+) for the whole month/.exec(bound)?.[1]);
    expect(budget).toBeCloseTo(0.2 * events, 2);
    const reached = lines.find((l) => l.includes('-> reached from')) ?? '';
    const factor = Number(/reached from ([\d.]+)x/.exec(reached)?.[1]);
    // The scale rows bracket it: above the goal at 10x, at or below it at 100x.
    const perM = (row: string) => Number(/\$([\d.]+)\/M {2}\|/.exec(row)?.[1]);
    const at10 = lines.find((l) => /^\s+10x/.test(l)) ?? '';
    const at100 = lines.find((l) => /^\s+100x/.test(l)) ?? '';
    expect(perM(at10) > 0.2).toBe(factor > 10);
    expect(perM(at100)).toBeLessThanOrEqual(0.2);
  }, 60_000);

  it('refuses a region without prices', () => {
    expect(() => run('--region', 'mars-north-1')).toThrow(/no prices for mars-north-1/);
  }, 30_000);
});
