/**
 * The layer rules in biome.json bite: a module that imports across a forbidden arrow, written
 * inside the repository tree so Biome applies the folder's overrides, fails `biome lint`; the
 * same module without that import passes, so the failure is the rule and not something else.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const biome = join(root, 'node_modules', '.bin', 'biome');

/** Writes `source` at `path` (repository-relative), lints it, and always removes it again. */
function lint(path: string, source: string): { ok: boolean; output: string } {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  try {
    const run = spawnSync(biome, ['lint', '--max-diagnostics=20', path], { cwd: root, encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
}

const stamp = `${process.pid}-${Date.now()}`;

const cases = [
  {
    layer: 'shared/domain',
    path: `shared/domain/catalog/lint-probe-${stamp}.ts`,
    forbidden: "import { S3ObjectStore } from '../../adapters/aws/s3-object-store';",
    allowed: "import { ValidationError } from '../errors';",
  },
  {
    layer: 'shared/domain (runtime)',
    path: `shared/domain/query/lint-probe-${stamp}.ts`,
    forbidden: "import { loadConfig } from '../../runtime/config';",
    allowed: "import { ValidationError } from '../errors';",
  },
  {
    layer: 'shared/ports',
    path: `shared/ports/lint-probe-${stamp}.ts`,
    forbidden: "import { PostgresAuditLog } from '../adapters/postgres/postgres-audit-log';",
    allowed: "import { ValidationError } from '../domain/errors';",
  },
  {
    layer: 'shared/adapters',
    path: `shared/adapters/aws/lint-probe-${stamp}.ts`,
    forbidden: "import { runtime } from '../../runtime/runtime';",
    allowed: "import { ValidationError } from '../../domain/errors';",
  },
  {
    layer: 'functions/<context>/<name>/<name>.ts',
    path: `functions/catalog/datasets/lint-probe-${stamp}.ts`,
    forbidden: "import { S3Client } from '@aws-sdk/client-s3';",
    allowed: "import { ValidationError } from '../../../shared/domain/errors';",
  },
  {
    layer: 'infra/constructs',
    path: `infra/constructs/lint-probe-${stamp}.ts`,
    forbidden: "import { GlueLakeCatalog } from '../../shared/adapters/aws/glue-lake-catalog';",
    allowed: "import { functions } from '../../shared/topology';",
  },
];

describe('layer boundaries (biome noRestrictedImports)', () => {
  it.each(cases)('$layer: a forbidden import fails the lint, an allowed one passes', (c) => {
    const body = (line: string) =>
      `/** Probe. */\n${line}\n\nexport const probe = [${line.split(' ')[2]}];\n`;
    const bad = lint(c.path, body(c.forbidden));
    expect(bad.ok, bad.output).toBe(false);
    expect(bad.output).toContain('noRestrictedImports');
    const good = lint(c.path, body(c.allowed));
    expect(good.ok, good.output).toBe(true);
  });
});
