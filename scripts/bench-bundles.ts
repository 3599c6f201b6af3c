/**
 * Bundle size of every topology function, built with the same esbuild settings as
 * PlatformFunction (infra/constructs/bundling.ts): with the AWS SDK and Powertools bundled, with
 * Powertools from its Lambda layer (what is deployed), and with the Lambda runtime's SDK as well.
 * Usage: npm run bench:bundles [-- --target-kb 300]
 */
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { type AwsSdkSource, esbuildOptions, type PowertoolsSource } from '../infra/constructs/bundling';
import { functions } from '../shared/topology';

const { values } = parseArgs({ options: { 'target-kb': { type: 'string', default: '300' } } });
const targetKb = Number(values['target-kb']);

async function bundleBytes(
  entry: string,
  awsSdk: AwsSdkSource,
  powertools: PowertoolsSource,
): Promise<number> {
  const result = await build({
    ...esbuildOptions(entry, awsSdk, powertools),
    write: false,
    outfile: 'index.mjs',
  });
  return result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.contents.byteLength ?? 0;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(0).padStart(6);
const started = performance.now();
console.log(
  `function              all bundled KB   Powertools layer KB   + runtime SDK KB   (target <= ${targetKb} KB minified)`,
);
let over = 0;
let saved = 0;
for (const spec of functions) {
  const [bundled, layer, runtime] = await Promise.all([
    bundleBytes(spec.entry, 'bundled', 'bundled'),
    bundleBytes(spec.entry, 'bundled', 'layer'),
    bundleBytes(spec.entry, 'runtime', 'layer'),
  ]);
  if (layer / 1024 > targetKb) over += 1;
  saved += bundled - layer;
  console.log(
    `${spec.name.padEnd(22)}${kb(bundled)}${' '.repeat(11)}${kb(layer)}${' '.repeat(16)}${kb(runtime)}`,
  );
}
console.log(
  `${functions.length} functions, ${over} over the target as deployed (Powertools layer); the layer saves ${kb(saved / functions.length).trim()} KB per bundle on average; ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
