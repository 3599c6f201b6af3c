/**
 * The model server: the SageMaker bring-your-own-container contract (`GET /ping`,
 * `POST /invocations`) over Node's http module, serving the inference dispatcher.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import {
  dispatchInvocation,
  type InferenceEngines,
} from '../../shared/domain/analytics/inference/dispatch-invocation';
import { InvocationLimits } from '../../shared/domain/analytics/inference/invocation-request';
import { type ModelIdentity } from '../../shared/domain/analytics/inference/invocation-response';
import { definedProps } from '../../shared/domain/defined-props';
import {
  DomainError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../shared/domain/errors';
import { errorResponse } from '../../shared/runtime/http-errors';

/** One structured log line (JSON on stdout in the container, CloudWatch in SageMaker). */
export type ModelServerLog = (entry: Readonly<Record<string, unknown>>) => void;

export interface ModelServerOptions {
  readonly engines: InferenceEngines;
  /** Reported in every response, so callers know which model version answered. */
  readonly model: ModelIdentity;
  /** @default InvocationLimits.maxBodyBytes (SageMaker's 6 MB) */
  readonly maxBodyBytes?: number;
  /** @default JSON lines on stdout */
  readonly log?: ModelServerLog;
}

/** The request headers SageMaker forwards to the container. */
const headerNames = {
  customAttributes: 'x-amzn-sagemaker-custom-attributes',
  inferenceId: 'x-amzn-sagemaker-inference-id',
} as const;

/** Parses SageMaker custom attributes (`key=value;key=value`), e.g. the caller's `tenant=...`. */
export function parseCustomAttributes(text: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of (text ?? '').split(/[;,]/)) {
    const at = pair.indexOf('=');
    if (at > 0) attributes[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return attributes;
}

function headerValue(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the body up to `limit` bytes; beyond it rejects with a 413 error without buffering the rest. */
function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    const tooLarge = () =>
      new PayloadTooLargeError('BODY_TOO_LARGE', `The request body exceeds ${limit} bytes.`, [
        { path: '', message: `at most ${limit} bytes` },
      ]);
    if (declared > limit) {
      request.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new ValidationError('EMPTY_BODY', 'The request body is empty.');
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('MALFORMED_BODY', 'The request body is not valid JSON.', [
      { path: '', message: 'not valid JSON' },
    ]);
  }
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || type === '*/*' || type === '';
}

/**
 * Creates (does not start) the model server. Bad input always gets a 4xx in the platform's error
 * shape with `model` added; only a bug in the server yields a 5xx.
 */
export function createModelServer(options: ModelServerOptions): http.Server {
  const { engines, model } = options;
  const limit = options.maxBodyBytes ?? InvocationLimits.maxBodyBytes;
  const log: ModelServerLog = options.log ?? ((entry) => process.stdout.write(`${JSON.stringify(entry)}\n`));
  const modelHeader = `model-name=${model.name};model-version=${model.version}`;

  const send = (response: http.ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-sagemaker-custom-attributes': modelHeader,
    });
    response.end(text);
  };

  const invoke = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = headerValue(request, headerNames.inferenceId) ?? randomUUID();
    const tenant = parseCustomAttributes(headerValue(request, headerNames.customAttributes)).tenant;
    const context = definedProps({ requestId, tenant: tenant || undefined });
    try {
      if (!isJson(headerValue(request, 'content-type'))) {
        request.resume();
        throw new UnsupportedMediaTypeError('UNSUPPORTED_MEDIA_TYPE', 'Send application/json.');
      }
      const body = parseJson(await readBody(request, limit));
      const result = dispatchInvocation(body, engines, {
        onUnexpectedError: (error, seriesIndex) =>
          log({ level: 'ERROR', message: 'series failed', ...context, seriesIndex, error: String(error) }),
      });
      send(response, 200, { ...result, model });
      log({
        level: 'INFO',
        message: 'invocation',
        ...context,
        operation: result.operation,
        succeeded: result.succeeded,
        failed: result.failed,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      const mapped = errorResponse(error, requestId);
      send(response, mapped.statusCode, { ...JSON.parse(mapped.body), model });
      if (error instanceof DomainError) {
        log({ level: 'INFO', message: 'invocation rejected', ...context, code: error.code });
      } else {
        log({ level: 'ERROR', message: 'invocation failed', ...context, error: String(error) });
      }
    }
  };

  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/ping' && (request.method === 'GET' || request.method === 'HEAD')) {
      send(response, 200, { status: 'healthy', model });
      return;
    }
    if (path === '/invocations' && request.method === 'POST') {
      void invoke(request, response);
      return;
    }
    request.resume();
    const known = path === '/ping' || path === '/invocations';
    send(response, known ? 405 : 404, {
      error: {
        code: known ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND',
        message: known ? `${request.method} is not allowed on ${path}` : `No route for ${path}`,
      },
      model,
    });
  });
  // Longer than the caller's idle timeout (SageMaker's front end, or the local router), so reused connections are not cut.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
