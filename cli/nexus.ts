/** `nexus`: the command line of the Nexus API (login, ingest, upload, query, tail, datasets, keys, metrics, tenants, alerts, reports). */
import { parseArgs } from 'node:util';
import { runResourceCommand } from './alert-report-commands';
import { call, runQuery } from './api';
import { commandHelp } from './command-help';
import { ingestFile } from './ingest-file';
import { jsonBody, jsonBodyFile } from './json-body';
import { loadProfile, profilesPath, saveProfile, UserError } from './profiles';
import { writeReportPreview } from './report-preview';
import { uploadFile } from './upload-file';

const usage = `Usage: nexus <command> [options]

Commands:
  login --api-url <url> --key <key>     save credentials to a profile (file mode 0600)
  ingest <file|-> [--dataset <name>] [--format csv|ndjson|json]
                                        send records in request-sized batches, with progress
  upload <file> [--dataset <name>] [--format csv|ndjson|json|xml] [--no-wait]
                                        one presigned upload (files up to 100 MiB), then its result
  query "<sql>" [--format table|csv|json]
                                        run a query, wait for it and print every row
  tail [dataset] [--interval <s>]       print new records as they become queryable (Ctrl-C stops)
  datasets list | datasets create --file <schema.json>
  keys list | keys create --name <name> --scopes ingest,query
  metrics list | metrics create --file <metric.json> | metrics series <id> [--from <iso>] [--to <iso>] [--interval 1m|1h|1d]
  tenants list | tenants create --name <name> [--contact-email <email>]   (operator key)
  alerts list|show|events|mute|unmute|test|delete <id> | alerts create --file <rule.json>
  reports list|show|runs|delete <id> | reports send <id> [--recipients <a,b>] | reports create --file <report.json>
  reports preview <id> [--out <dir>] [--recipients <one address>]

Run "nexus <command> --help" for a command's options and examples.

Global options:
  --profile <name>   profile to use (default "default"; env NEXUS_API_URL + NEXUS_API_KEY override)
  -h, --help         show this help

Exit status: 0 success, 1 an API or file error, 2 a usage error.`;

type Values = Record<string, string | boolean | undefined>;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function printRows(columns: string[], rows: unknown[][], format: string): void {
  if (format === 'json') {
    const objects = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    process.stdout.write(`${JSON.stringify(objects, null, 2)}\n`);
    return;
  }
  if (format === 'csv') {
    process.stdout.write(`${[columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`);
    return;
  }
  const cells = [
    columns,
    ...rows.map((r) =>
      r.map((v) =>
        v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v),
      ),
    ),
  ];
  const widths = columns.map((_, i) =>
    Math.min(60, Math.max(...cells.map((r) => String(r[i] ?? '').length))),
  );
  const line = (r: unknown[]) =>
    r
      .map((v, i) =>
        String(v ?? '')
          .slice(0, 60)
          .padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `${[line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')}\n`,
  );
  process.stderr.write(`(${rows.length} row${rows.length === 1 ? '' : 's'})\n`);
}

function printJson(value: unknown): number {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

async function run(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: 'string', default: 'default' },
        'api-url': { type: 'string' },
        key: { type: 'string' },
        dataset: { type: 'string' },
        format: { type: 'string' },
        file: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        interval: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'contact-email': { type: 'string' },
        recipients: { type: 'string' },
        out: { type: 'string' },
        'no-wait': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nRun "nexus --help" for usage.`, 2);
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  const helpFor = command === 'help' ? args[0] : values.help ? command : undefined;
  if (helpFor && commandHelp[helpFor]) {
    process.stdout.write(`${commandHelp[helpFor]}\n`);
    return 0;
  }
  if (values.help || !command || command === 'help') {
    process.stdout.write(`${usage}\n`);
    return command || values.help ? 0 : 2;
  }
  const profileName = String(values.profile);
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  switch (command) {
    case 'login': {
      const apiUrl = str('api-url');
      const apiKey = str('key') ?? process.env.NEXUS_API_KEY;
      if (!apiUrl || !apiKey) throw new UserError('login needs --api-url <url> and --key <key>', 2);
      await call({ apiUrl, apiKey }, 'GET', '/v1/datasets');
      await saveProfile(profileName, { apiUrl, apiKey });
      process.stderr.write(`Logged in to ${apiUrl}; profile "${profileName}" saved in ${profilesPath()}\n`);
      return 0;
    }
    case 'ingest': {
      const file = args[0];
      if (!file) throw new UserError('ingest needs a file (or - for stdin)', 2);
      const profile = await loadProfile(profileName);
      const result = await ingestFile(
        profile,
        { file, dataset: str('dataset') ?? 'events', format: str('format') },
        process.stderr,
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return result.accepted > 0 || result.rejected === 0 ? 0 : 1;
    }
    case 'upload': {
      const file = args[0];
      if (!file) throw new UserError('upload needs a file', 2);
      const result = await uploadFile(
        await loadProfile(profileName),
        { file, dataset: str('dataset') ?? 'events', format: str('format'), wait: !values['no-wait'] },
        process.stderr,
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return result.status === 'failed' ? 1 : 0;
    }
    case 'metrics': {
      const profile = await loadProfile(profileName);
      if (args[0] === 'list') return printJson(await call(profile, 'GET', '/v1/metrics'));
      if (args[0] === 'series' && args[1]) {
        const to = str('to') ?? new Date().toISOString();
        const from = str('from') ?? new Date(Date.parse(to) - 24 * 3600_000).toISOString();
        const query = new URLSearchParams({ from, to, interval: str('interval') ?? '1h' });
        return printJson(
          await call(profile, 'GET', `/v1/metrics/${encodeURIComponent(args[1])}/series?${query}`),
        );
      }
      if (args[0] === 'create') {
        const body = await jsonBodyFile(str('file'), 'metrics create needs --file <metric.json>');
        return printJson(await call(profile, 'POST', '/v1/metrics', body));
      }
      throw new UserError('metrics needs list, create --file <metric.json>, or series <id>', 2);
    }
    case 'alerts':
    case 'reports':
      if (command === 'reports' && args[0] === 'preview')
        return printJson(
          await writeReportPreview(await loadProfile(profileName), args[1], {
            outDir: str('out'),
            recipient: str('recipients'),
          }),
        );
      return printJson(
        await runResourceCommand(command, args, () => loadProfile(profileName), {
          file: str('file'),
          recipients: str('recipients'),
        }),
      );
    case 'tenants': {
      const profile = await loadProfile(profileName);
      if (args[0] === 'list') return printJson(await call(profile, 'GET', '/v1/tenants'));
      if (args[0] === 'create') {
        const name = str('name');
        if (!name) throw new UserError('tenants create needs --name <name>', 2);
        const email = str('contact-email');
        return printJson(
          await call(profile, 'POST', '/v1/tenants', jsonBody({ name, contactEmail: email || undefined })),
        );
      }
      throw new UserError('tenants needs list or create', 2);
    }
    case 'query': {
      const sql = args[0];
      if (!sql) throw new UserError('query needs the SQL as one argument, in quotes', 2);
      const format = str('format') ?? 'table';
      if (!['table', 'csv', 'json'].includes(format))
        throw new UserError('--format must be table, csv or json', 2);
      const { columns, rows } = await runQuery(await loadProfile(profileName), sql);
      printRows(columns, rows, format);
      return 0;
    }
    case 'tail': {
      const dataset = args[0] ?? 'events';
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(dataset))
        throw new UserError(`"${dataset}" is not a dataset name`, 2);
      const profile = await loadProfile(profileName);
      const intervalMs = Number(str('interval') ?? '2') * 1000;
      let since = new Date(Date.now() - 60_000).toISOString();
      for (;;) {
        const { columns, rows } = await runQuery(
          profile,
          `SELECT * FROM ${dataset} WHERE receivedAt > TIMESTAMP '${since.replace('T', ' ').replace('Z', '')}' ORDER BY receivedAt LIMIT 1000`,
        );
        const at = columns.findIndex((c) => c.toLowerCase() === 'receivedat');
        for (const row of rows) {
          process.stdout.write(`${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]])))}\n`);
          const value = row[at];
          if (value !== undefined && value !== null)
            since = new Date(String(value).replace(' ', 'T').replace(/(\d)$/, '$1Z')).toISOString();
        }
        if (process.env.NEXUS_TAIL_ONCE) return 0;
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    }
    case 'datasets':
    case 'keys': {
      const profile = await loadProfile(profileName);
      const path = command === 'datasets' ? '/v1/datasets' : '/v1/api-keys';
      if (args[0] === 'list') return printJson(await call(profile, 'GET', path));
      if (args[0] === 'create') {
        const body =
          command === 'datasets'
            ? await jsonBodyFile(str('file'), 'datasets create needs --file <schema.json>')
            : jsonBody({ name: str('name'), scopes: (str('scopes') ?? 'ingest').split(',') });
        return printJson(await call(profile, 'POST', path, body));
      }
      throw new UserError(`${command} needs list or create`, 2);
    }
    default:
      throw new UserError(`unknown command "${command}"\nRun "nexus --help" for usage.`, 2);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UserError) {
      process.stderr.write(`nexus: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`nexus: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
