/**
 * `npm run quickstart:check`: starts the local platform, runs the commands of README's
 * quickstart ("Try it") block against it and checks each answer has the shape README shows
 * (every key of the `# →` line), so README and behaviour cannot drift apart. Exit 1 on a drift.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { silentLog } from '../infra/local/log';
import { startLocalPlatform } from '../infra/local/platform';

const readmeUrl = 'http://127.0.0.1:4000';

/** The bash block after "Try it:", without the line reading the key (the check sets KEY). */
function quickstartBlock(readme: string): string {
  const start = readme.indexOf('```bash', readme.indexOf('Try it:'));
  const end = readme.indexOf('```', start + 7);
  if (start < 0 || end < 0) throw new Error('README has no bash block after "Try it:"');
  return readme
    .slice(start + 7, end)
    .split('\n')
    .filter((line) => !line.startsWith('KEY='))
    .join('\n');
}

/** The keys each `# →` comment shows, in order (continuation lines `#   ...` belong to it). */
function expectedShapes(block: string): string[][] {
  const shapes: string[][] = [];
  let current: string[] | undefined;
  for (const line of block.split('\n')) {
    if (line.startsWith('# →')) {
      current = [];
      shapes.push(current);
    } else if (!(current && /^#\s{2,}/.test(line))) {
      current = undefined;
      continue;
    }
    // Keys after the last "→" (the answer; `GET ... →` notes keep only their final shape).
    const answer = line.slice(line.lastIndexOf('→') + 1);
    for (const m of answer.matchAll(/"(\w+)":/g)) if (m[1]) current?.push(m[1]);
  }
  return shapes;
}

/** Splits concatenated JSON documents (curl prints them back to back). */
function jsonDocuments(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
  }
  return docs;
}

function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

async function main(): Promise<number> {
  const block = quickstartBlock(await readFile('README.md', 'utf8'));
  const shapes = expectedShapes(block);
  const dataDir = await mkdtemp(join(tmpdir(), 'nexus-quickstart-'));
  const platform = await startLocalPlatform({
    dataDir,
    port: 0,
    standInPorts: { postgres: 0, kinesis: 0, dynamodb: 0, s3: 0, ses: 0 },
    log: silentLog,
  });
  try {
    const script = block.replaceAll(readmeUrl, platform.apiUrl);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, KEY: platform.apiKey },
      timeout: 120_000,
    });
    const answers = jsonDocuments(stdout);
    const problems: string[] = [];
    if (answers.length !== shapes.length) {
      problems.push(`README shows ${shapes.length} answers, the commands printed ${answers.length}`);
    }
    shapes.forEach((keys, i) => {
      const actual = keysOf(answers[i]);
      const missing = keys.filter((k) => !actual.has(k));
      if (missing.length > 0)
        problems.push(
          `answer ${i + 1} lacks ${missing.join(', ')}: ${JSON.stringify(answers[i]).slice(0, 300)}`,
        );
    });
    for (const p of problems) process.stderr.write(`quickstart drift: ${p}\n`);
    process.stdout.write(
      `quickstart-check: ${shapes.length} answers compared, ${problems.length} drift(s)\n`,
    );
    return problems.length === 0 ? 0 : 1;
  } finally {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`quickstart-check failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
