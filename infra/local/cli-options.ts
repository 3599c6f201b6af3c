/** Reads `npm start`'s options from argv and the environment (flags win over env vars). */
import { parseArgs } from 'node:util';
import { defaultGatewayPort } from './api-gateway';
import type { LocalPlatformOptions } from './platform';
import { defaultDataDir, type StandInPorts, standInPortSettings } from './stand-ins/start-stand-ins';

export const usage = `Usage: npm start -- [options]
  --data-dir <dir>         state of every stand-in (env NEXUS_DATA_DIR, default ${defaultDataDir})
  --port <n>               API gateway port (env NEXUS_PORT, default ${defaultGatewayPort}; 0 = free port)
${Object.values(standInPortSettings)
  .map((s) => `  ${`${s.flag} <n>`.padEnd(24)} ${s.service} port (env ${s.env})`)
  .join('\n')}
  --model-endpoint-port <n> local SageMaker endpoint router port (env NEXUS_MODEL_ENDPOINT_PORT, default 8080)
  --model-server-url <url> a running model server instead of the router (env NEXUS_MODEL_SERVER_URL)
  --help`;

function port(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(`${name} must be a port number, got "${text}"`);
  return value;
}

export function parseCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LocalPlatformOptions | 'help' {
  const portFlags = Object.fromEntries(
    Object.values(standInPortSettings).map((s) => [s.flag.slice(2), { type: 'string' as const }]),
  );
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'model-server-url': { type: 'string' },
      'model-endpoint-port': { type: 'string' },
      help: { type: 'boolean' },
      ...portFlags,
    },
    strict: true,
  });
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
  };
}
