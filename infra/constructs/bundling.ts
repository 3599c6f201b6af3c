/**
 * How every function is bundled: one definition used by PlatformFunction (CDK) and by the
 * bundle-size report, so the sizes we report are the sizes we deploy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (infra/constructs/ is two levels down). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const lockFile = join(repoRoot, 'package-lock.json');

/** Lambda's Node.js 22 runtime; esbuild targets the same version. */
export const nodeTarget = 'node22';

/**
 * Where a function gets the AWS SDK v3 from. `bundled` (default): tree-shaken into the bundle and
 * pinned to the versions the tests ran against, as AWS recommends for production. `runtime`: the
 * copy in Lambda's Node.js runtime (bundles about 60% smaller, but the version is AWS's choice
 * and not every `@aws-sdk/*` package is guaranteed to be there).
 */
export type AwsSdkSource = 'bundled' | 'runtime';

/**
 * Where a function gets Powertools (logger, metrics, tracer and the X-Ray SDK) from. `layer`
 * (default for deployed functions): the AWS-managed `AWSLambdaPowertoolsTypeScriptV2` layer of
 * the installed version, so each bundle leaves them out. `bundled`: in the bundle (the tests that
 * run a deployable bundle outside Lambda, where there is no layer).
 */
export type PowertoolsSource = 'bundled' | 'layer';

/** The installed Powertools version: the layer is pinned to it through AWS's public SSM parameter. */
export const powertoolsVersion = (
  JSON.parse(
    readFileSync(join(repoRoot, 'node_modules/@aws-lambda-powertools/tracer/package.json'), 'utf8'),
  ) as { version: string }
).version;

/** AWS's public parameter holding the layer version ARN of a Powertools release, in every commercial region. */
export const powertoolsLayerParameter = `/aws/service/powertools/typescript/generic/all/${powertoolsVersion}`;

/**
 * Modules left out of the bundle. Always: DuckDB, the local query engine (Athena serves AWS; the
 * adapter imports it lazily), pg-native, pg's optional native driver, and typescript, which
 * MJML's config loader (cosmiconfig) requires only for `.ts` config files Nexus never has
 * (3.5 MB of a 7 MB email bundle).
 */
export function externalModules(awsSdk: AwsSdkSource, powertools: PowertoolsSource = 'bundled'): string[] {
  return [
    '@duckdb/node-api',
    'pg-native',
    'typescript',
    ...(awsSdk === 'runtime' ? ['@aws-sdk/*', '@smithy/*'] : []),
    ...(powertools === 'layer' ? ['@aws-lambda-powertools/*'] : []),
  ];
}

/** ESM output needs `require` for the few CommonJS dependencies that call it at run time. */
export const esmRequireBanner =
  "import { createRequire as __nexusCreateRequire } from 'node:module'; const require = __nexusCreateRequire(import.meta.url);";

/**
 * esbuild options equal to PlatformFunction's bundling, for tools that bundle outside CDK (the
 * bundle-size report, the test that runs a deployable bundle).
 */
export function esbuildOptions(
  entry: string,
  awsSdk: AwsSdkSource,
  powertools: PowertoolsSource = 'bundled',
) {
  return {
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    minify: true,
    platform: 'node' as const,
    target: nodeTarget,
    format: 'esm' as const,
    mainFields: ['module', 'main'],
    banner: { js: esmRequireBanner },
    external: externalModules(awsSdk, powertools),
    logLevel: 'error' as const,
  };
}
