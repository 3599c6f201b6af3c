/**
 * The model server's entry point, as SageMaker starts it (`docker run <image> serve`): reads its
 * settings, serves on SAGEMAKER_BIND_TO_PORT, and drains in-flight requests on SIGTERM.
 */
import { loadModelServerConfig } from '../../shared/runtime/config';
import { analyticsEngines } from './engines';
import { createModelServer } from './server';

const mode = process.argv[2] ?? 'serve';
if (mode !== 'serve') {
  process.stderr.write(`unknown command "${mode}": the model server only supports "serve"\n`);
  process.exit(2);
}

const config = loadModelServerConfig();
const server = createModelServer({
  engines: analyticsEngines,
  model: { name: config.modelName, version: config.modelVersion },
});

server.listen(config.port, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(
    `${JSON.stringify({ level: 'INFO', message: 'model server listening', port, model: config.modelName, version: config.modelVersion })}\n`,
  );
  // A parent that forked this process (the local endpoint router) learns the bound port over IPC.
  process.send?.({ type: 'listening', port });
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
