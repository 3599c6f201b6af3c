/**
 * Bundle size of every topology function, built with the same esbuild settings as
 * PlatformFunction (infra/constructs/bundling.ts), with the AWS SDK bundled and with the Lambda
 * runtime's SDK. Usage: npm run bench:bundles [-- --target-kb 300]
 */
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { type AwsSdkSource, esbuildOptions } from '../infra/constructs/bundling';
import { functions } from '../shared/topology';

const { values } = parseArgs({ options: { 'target-kb': { type: 'string', default: '300' } } });
const targetKb = Number(values['target-kb']);

async function bundleBytes(entry: string, awsSdk: AwsSdkSource): Promise<number> {
  const result = await build({ ...esbuildOptions(entry, awsSdk), write: false, outfile: 'index.mjs' });
  return result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.contents.byteLength ?? 0;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(0).padStart(6);
const started = performance.now();
console.log(`function              bundled SDK KB   runtime SDK KB   (target <= ${targetKb} KB minified)`);
let over = 0;
for (const spec of functions) {
  const [bundled, runtime] = await Promise.all([
    bundleBytes(spec.entry, 'bundled'),
    bundleBytes(spec.entry, 'runtime'),
  ]);
  if (bundled / 1024 > targetKb) over += 1;
  console.log(`${spec.name.padEnd(22)}${kb(bundled)}${' '.repeat(11)}${kb(runtime)}`);
}
console.log(
  `${functions.length} functions, ${over} over the target with the SDK bundled; ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
