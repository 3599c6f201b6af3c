/**
 * How every function is bundled: one definition used by PlatformFunction (CDK) and by the
 * bundle-size report, so the sizes we report are the sizes we deploy.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (infra/constructs/ is two levels down). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const lockFile = join(repoRoot, 'package-lock.json');

/** Lambda's Node.js 22 runtime; esbuild targets the same version. */
export const nodeTarget = 'node22';

/**
 * Bundled, not provided by the runtime: the AWS SDK v3 clients are bundled too, so they are
 * tree-shaken and pinned to the versions the tests ran against. Only modules that are never
 * loaded in Lambda stay external: DuckDB is the local query engine (Athena serves AWS), and
 * pg-native is pg's optional native driver.
 */
export const externalModules = ['@duckdb/node-api', 'pg-native'];

/** ESM output needs `require` for the few CommonJS dependencies that call it at run time. */
export const esmRequireBanner =
  "import { createRequire as __nexusCreateRequire } from 'node:module'; const require = __nexusCreateRequire(import.meta.url);";
