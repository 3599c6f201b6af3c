/**
 * `npm run report:preview -- <reportId> [outDir]`: writes the report's email as `.eml` and `.html`
 * (see cli/report-preview.ts), against the local platform of `npm start` (the API URL and demo key
 * in `.nexus/local.json`) unless NEXUS_API_URL and NEXUS_API_KEY name another.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeReportPreview } from '../cli/report-preview';

async function main(): Promise<void> {
  const [reportId, outDir] = process.argv.slice(2);
  if (!reportId) throw new Error('usage: npm run report:preview -- <reportId> [outDir]');
  const local = JSON.parse(
    await readFile(join(process.env.NEXUS_DATA_DIR ?? '.nexus', 'local.json'), 'utf8').catch(() => '{}'),
  ) as { apiUrl?: string; apiKey?: string };
  const apiUrl = process.env.NEXUS_API_URL ?? local.apiUrl;
  const apiKey = process.env.NEXUS_API_KEY ?? local.apiKey;
  if (!apiUrl || !apiKey)
    throw new Error(
      'no local platform found: run `npm start` first (or set NEXUS_API_URL and NEXUS_API_KEY)',
    );
  const written = await writeReportPreview({ apiUrl, apiKey }, reportId, { outDir });
  process.stdout.write(`"${written.subject}" for ${written.to}:\n  ${written.eml}\n  ${written.html}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
