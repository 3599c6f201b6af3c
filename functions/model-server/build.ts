/**
 * Bundles the model server into one self-contained ESM file for its container image:
 * `npx tsx functions/model-server/build.ts` writes `dist/model-server/server.mjs`, which the
 * Dockerfile copies. Nothing is fetched when the container runs.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the bundle is written, relative to the repository root. */
export const bundlePath = 'dist/model-server/server.mjs';

await build({
  entryPoints: [path.join(root, 'functions/model-server/main.ts')],
  outfile: path.join(root, bundlePath),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // zod and the domain code are bundled; Node built-ins stay external.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
process.stdout.write(`wrote ${bundlePath}\n`);
