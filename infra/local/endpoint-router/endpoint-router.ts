/**
 * The local SageMaker Runtime: an HTTP server speaking InvokeEndpoint's wire protocol
 * (`POST /endpoints/{name}/invocations`) that routes each request to a production variant,
 * by `X-Amzn-SageMaker-Target-Variant` or by the variant weights in the model registry, and
 * forwards it to that variant's model server process. It also answers the one SageMaker
 * control-plane call Nexus makes, UpdateEndpointWeightsAndCapacities (JSON 1.1 protocol), so the
 * models function applies weights through the same adapter as in AWS; the router then re-reads
 * the registry's split on the next invocation.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { definedProps } from '../../../shared/domain/defined-props';
import { chooseVariant, type WeightedVariant } from '../../../shared/domain/models/variant-split';
import type { LogSink } from '../log';
import { localAccountId, localHost, localRegion } from '../resources';
import { ModelServerPool, type RunningModelServer, type ServedModel } from './model-server-pool';

/** A variant as the router serves it: the registry's split plus the version string the server reports. */
export type RoutedVariant = WeightedVariant & { readonly modelVersion: string };

/** An endpoint's variants with their traffic shares, e.g. `listEndpointVariants` over the registry. */
export type VariantSource = (endpointName: string) => Promise<readonly WeightedVariant[]>;

export interface EndpointRouterOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Endpoints that exist even without registry rows (served by the default variant). */
  readonly endpoints: readonly string[];
  readonly variants: VariantSource;
  /** What an endpoint with no registry rows serves. @default AllTraffic: nexus-analytics@builtin */
  readonly defaultVariant?: { readonly variantName: string; readonly model: ServedModel };
  /** How long an endpoint's split is reused before the registry is read again. @default 1000 */
  readonly variantCacheMs?: number;
  /** Uniform [0, 1) source for the weighted choice. @default Math.random */
  readonly random?: () => number;
  /** Environment of the model server processes. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Model server processes live at once (least recently used stopped first). @default 4 */
  readonly maxModelServers?: number | undefined;
  readonly log: LogSink;
}

export interface EndpointRouter {
  /** The SageMaker Runtime endpoint override, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** The model servers running now (at most `maxModelServers`). */
  modelServers(): Promise<RunningModelServer[]>;
  /** Model server processes alive now, including any still stopping. */
  liveProcesses(): number;
  stop(): Promise<void>;
}

const defaultVariant = { variantName: 'AllTraffic', model: { name: 'nexus-analytics', version: 'builtin' } };

/** Headers InvokeEndpoint forwards to the container. */
const forwarded = [
  'content-type',
  'accept',
  'x-amzn-sagemaker-custom-attributes',
  'x-amzn-sagemaker-inference-id',
] as const;

class RouterError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...headers,
  });
  response.end(text);
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Starts the router; model server processes start lazily, on a variant's first request. */
export async function startEndpointRouter(options: EndpointRouterOptions): Promise<EndpointRouter> {
  const { log } = options;
  const fallback = options.defaultVariant ?? defaultVariant;
  const cacheMs = options.variantCacheMs ?? 1_000;
  const random = options.random ?? Math.random;
  const pool = new ModelServerPool(options.env ?? process.env, log, { maxServers: options.maxModelServers });
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000 });
  const known = new Set(options.endpoints);
  const cache = new Map<string, { readonly at: number; readonly variants: readonly RoutedVariant[] }>();

  const variantsOf = async (endpointName: string): Promise<readonly RoutedVariant[]> => {
    const cached = cache.get(endpointName);
    if (cached && Date.now() - cached.at < cacheMs) return cached.variants;
    const stored = await options.variants(endpointName);
    let variants: RoutedVariant[];
    if (stored.length > 0) {
      variants = stored.map((v) => ({ ...v, modelVersion: String(v.version) }));
    } else if (known.has(endpointName)) {
      const { variantName, model } = fallback;
      variants = [
        {
          variantName,
          modelName: model.name,
          version: 0,
          weight: 1,
          trafficShare: 1,
          modelVersion: model.version,
        },
      ];
    } else {
      throw new RouterError(
        400,
        'ValidationError',
        `Endpoint ${endpointName} of account ${localAccountId} not found.`,
      );
    }
    cache.set(endpointName, { at: Date.now(), variants });
    return variants;
  };

  const pick = (variants: readonly RoutedVariant[], target: string | undefined): RoutedVariant => {
    if (target === undefined) return chooseVariant(variants, random());
    // SageMaker variant names are case-insensitive; a target may name a variant of weight 0.
    const found = variants.find((v) => v.variantName.toLowerCase() === target.toLowerCase());
    if (!found) {
      throw new RouterError(400, 'ValidationError', `The variant ${target} does not exist on this endpoint.`);
    }
    return found;
  };

  const forward = (
    server: RunningModelServer,
    request: http.IncomingMessage,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const name of forwarded) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = http.request(
        `${server.url}/invocations`,
        { method: 'POST', headers, agent },
        (answer) => {
          readAll(answer).then(
            (body) => resolve({ status: answer.statusCode ?? 500, headers: answer.headers, body }),
            reject,
          );
        },
      );
      upstream.on('error', reject);
      request.pipe(upstream);
    });

  const invoke = async (
    endpointName: string,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    const targetHeader = request.headers['x-amzn-sagemaker-target-variant'];
    const target = typeof targetHeader === 'string' && targetHeader !== '' ? targetHeader : undefined;
    const variant = pick(await variantsOf(endpointName), target);
    const model = { name: variant.modelName, version: variant.modelVersion };
    let started = false;
    const answer = await pool
      .withServer(model, (server) => {
        started = true;
        return forward(server, request);
      })
      .catch((error: unknown) => {
        if (started) throw error;
        log(`model server ${model.name}@${model.version} failed to start: ${String(error)}`);
        throw new RouterError(500, 'InternalFailure', 'The model container failed to start.');
      });
    const variantHeader = { 'x-amzn-invoked-production-variant': variant.variantName };
    const attributes = answer.headers['x-amzn-sagemaker-custom-attributes'];
    if (answer.status >= 200 && answer.status < 300) {
      response.writeHead(200, {
        'content-type': answer.headers['content-type'] ?? 'application/json',
        'content-length': answer.body.length,
        'x-amzn-requestid': crypto.randomUUID(),
        ...variantHeader,
        ...definedProps({
          'x-amzn-sagemaker-custom-attributes': typeof attributes === 'string' ? attributes : undefined,
        }),
      });
      response.end(answer.body);
      return;
    }
    // SageMaker relays a container's non-2xx answer as a 424 ModelError carrying the original.
    const client = answer.status < 500;
    const original = answer.body.toString('utf8');
    sendJson(
      response,
      424,
      {
        ErrorCode: client ? 'CLIENT_ERROR_FROM_MODEL' : 'SERVER_ERROR_FROM_MODEL',
        Message: `Received ${client ? 'client' : 'server'} error (${answer.status}) from ${variant.variantName} with message "${original}".`,
        OriginalStatusCode: answer.status,
        OriginalMessage: original,
        LogStreamArn: `arn:aws:logs:${localRegion}:${localAccountId}:log-group:/aws/sagemaker/Endpoints/${endpointName}`,
      },
      { 'x-amzn-errortype': 'ModelError', ...variantHeader },
    );
  };

  /** UpdateEndpointWeightsAndCapacities: an endpoint that exists (known, or with registry rows) accepts. */
  const updateWeights = async (
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    let input: { EndpointName?: unknown; DesiredWeightsAndCapacities?: unknown };
    try {
      input = JSON.parse((await readAll(request)).toString('utf8')) as typeof input;
    } catch {
      throw new RouterError(400, 'ValidationException', 'The request body is not JSON.');
    }
    const name = typeof input.EndpointName === 'string' ? input.EndpointName : '';
    if (!Array.isArray(input.DesiredWeightsAndCapacities) || input.DesiredWeightsAndCapacities.length === 0)
      throw new RouterError(400, 'ValidationException', 'DesiredWeightsAndCapacities must name a variant.');
    if (!known.has(name) && (await options.variants(name)).length === 0) {
      const arn = `arn:aws:sagemaker:${localRegion}:${localAccountId}:endpoint/${name.toLowerCase()}`;
      throw new RouterError(400, 'ValidationException', `Could not find endpoint "${arn}".`);
    }
    cache.delete(name);
    sendJson(response, 200, {
      EndpointArn: `arn:aws:sagemaker:${localRegion}:${localAccountId}:endpoint/${name.toLowerCase()}`,
    });
  };

  const server = http.createServer((request, response) => {
    const target = request.headers['x-amz-target'];
    const match = /^\/endpoints\/([^/]+)\/invocations$/.exec((request.url ?? '').split('?')[0] ?? '');
    const fail = (error: unknown): void => {
      request.resume();
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof RouterError) {
        sendJson(response, error.status, { message: error.message }, { 'x-amzn-errortype': error.errorType });
        return;
      }
      log(`invocation failed: ${String(error)}`);
      sendJson(response, 500, { message: 'Internal failure' }, { 'x-amzn-errortype': 'InternalFailure' });
    };
    if (target === 'SageMaker.UpdateEndpointWeightsAndCapacities' && request.method === 'POST') {
      updateWeights(request, response).catch(fail);
      return;
    }
    if (!match?.[1] || request.method !== 'POST') {
      fail(
        new RouterError(404, 'UnknownOperationException', `No operation at ${request.method} ${request.url}`),
      );
      return;
    }
    invoke(decodeURIComponent(match[1]), request, response).catch(fail);
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, localHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${localHost}:${port}`,
    port,
    modelServers: () => pool.running(),
    liveProcesses: () => pool.liveProcesses(),
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        agent.destroy();
        await pool.stop();
      })();
      return stopping;
    },
  };
}
