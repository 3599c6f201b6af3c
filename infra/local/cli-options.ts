/** Reads `npm start`'s options from argv and the environment (flags win over env vars). */
import { parseArgs } from 'node:util';
import { defaultGatewayPort } from './api-gateway';
import { defaultMaxModelServers } from './endpoint-router/model-server-pool';
import { defaultModelServerPort } from './environment';
import type { LocalPlatformOptions } from './platform';
import {
  defaultDataDir,
  defaultStandInPorts,
  type StandInPorts,
  standInPortSettings,
} from './stand-ins/start-stand-ins';

/** A bad flag or value: `npm start` prints it with the usage, never a stack trace. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export const usage = `Usage: npm start -- [options]
  --data-dir <dir>         state of every stand-in (env NEXUS_DATA_DIR, default ${defaultDataDir})
  --port <n>               API gateway port (env NEXUS_PORT, default ${defaultGatewayPort}; 0 = free port)
${(
  Object.entries(standInPortSettings) as [
    keyof StandInPorts,
    (typeof standInPortSettings)[keyof StandInPorts],
  ][]
)
  .map(
    ([kind, s]) =>
      `  ${`${s.flag} <n>`.padEnd(24)} ${s.service} port (env ${s.env}, default ${defaultStandInPorts[kind]})`,
  )
  .join('\n')}
  --model-endpoint-port <n> local SageMaker endpoint router port (env NEXUS_MODEL_ENDPOINT_PORT, default ${defaultModelServerPort})
  --model-server-url <url> a running model server instead of the router (env NEXUS_MODEL_SERVER_URL)
  --max-model-servers <n>  model server processes live at once, least recently used stopped first (env NEXUS_MAX_MODEL_SERVERS, default ${defaultMaxModelServers})
  --help`;

function port(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new CliUsageError(`${name} must be a port number (0-65535), got "${text}"`);
  return value;
}

function count(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 64)
    throw new CliUsageError(`${name} must be a whole number from 1 to 64, got "${text}"`);
  return value;
}

export function parseCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LocalPlatformOptions | 'help' {
  const portFlags = Object.fromEntries(
    Object.values(standInPortSettings).map((s) => [s.flag.slice(2), { type: 'string' as const }]),
  );
  let parsed: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean' }> }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'model-server-url': { type: 'string' },
        'model-endpoint-port': { type: 'string' },
        'max-model-servers': { type: 'string' },
        help: { type: 'boolean' },
        ...portFlags,
      },
      strict: true,
    });
  } catch (error) {
    // node:util reports unknown flags and missing values as TypeErrors with ERR_PARSE_ARGS_* codes.
    throw new CliUsageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help) return 'help';
  const flag = (name: string): string | undefined => {
    const value = (values as Record<string, string | boolean | undefined>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  const standInPorts: Partial<StandInPorts> = {};
  for (const [kind, setting] of Object.entries(standInPortSettings) as [
    keyof StandInPorts,
    (typeof standInPortSettings)[keyof StandInPorts],
  ][]) {
    const value = port(flag(setting.flag.slice(2)) ?? env[setting.env], setting.flag);
    if (value !== undefined) standInPorts[kind] = value;
  }
  return {
    dataDir: flag('data-dir') ?? env.NEXUS_DATA_DIR,
    port: port(flag('port') ?? env.NEXUS_PORT, '--port'),
    standInPorts,
    modelServerUrl: flag('model-server-url') ?? env.NEXUS_MODEL_SERVER_URL,
    modelEndpointPort: port(
      flag('model-endpoint-port') ?? env.NEXUS_MODEL_ENDPOINT_PORT,
      '--model-endpoint-port',
    ),
    maxModelServers: count(flag('max-model-servers') ?? env.NEXUS_MAX_MODEL_SERVERS, '--max-model-servers'),
  };
}
