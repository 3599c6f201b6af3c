/** `npm start`: boots the local platform, prints its URLs and API key, and stops it cleanly on Ctrl-C. */
import { CliUsageError, parseCliOptions, usage } from './cli-options';
import { describeError } from './log';
import { type LocalPlatform, startLocalPlatform } from './platform';
import { portConflicts } from './port-preflight';
import { PortInUseError } from './tcp-ports';

/**
 * One Ctrl-C can arrive twice: the terminal signals the whole process group, and tsx forwards
 * the signal to its child again. Signals within this window count as that one Ctrl-C; a later
 * one is a deliberate second press and forces the exit.
 */
const sameCtrlCWindowMs = 1_500;

function banner(platform: LocalPlatform): string {
  const { endpoints, databaseUrl } = platform.standIns;
  return [
    '',
    `Nexus API: ${platform.apiUrl}`,
    `API key: ${platform.apiKey}`,
    `Tenant: ${platform.tenantId}`,
    `Operator key: ${platform.operatorKey}  (POST /v1/tenants, PUT /v1/tenants/{id}/limits, /v1/models)`,
    '',
    `  SES mail viewer  ${endpoints.ses}/  (JSON: ${endpoints.ses}/store)`,
    `  S3 (s3rver)      ${endpoints.s3}  (files under ${platform.standIns.lakeDir})`,
    `  Kinesis          ${endpoints.kinesis}`,
    `  DynamoDB         ${endpoints.dynamodb}`,
    `  PostgreSQL       ${databaseUrl}`,
    `  Data dir         ${platform.dataDir}  (credentials in local.json)`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  // Node 20 is this project's runtime; the SDK's "upgrade Node" warning is noise in a dev console.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = parseCliOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const conflicts = await portConflicts(options);
  if (conflicts.length > 0) {
    process.stderr.write(`${conflicts.map((c) => c.message).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  const platform = await startLocalPlatform(options);
  process.stdout.write(banner(platform));
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < sameCtrlCWindowMs) return;
      process.stderr.write('forced exit\n');
      process.exit(130);
    }
    stoppingSince = Date.now();
    process.stderr.write(`\n${signal}: stopping Nexus...\n`);
    // Handlers' idle database connections are cut when Postgres stops; that is expected now.
    process.on('uncaughtException', (error) =>
      process.stderr.write(`ignored during shutdown: ${error.message}\n`),
    );
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${describeError(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof CliUsageError) {
    process.stderr.write(`npm start: ${error.message}\n\n${usage}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof PortInUseError ? error.message : describeError(error)}\n`);
  process.exit(1);
});
