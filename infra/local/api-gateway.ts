/** The local API Gateway: serves the topology's routes by invoking their handlers with REST proxy events. */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorizerDenial } from '../../shared/runtime/authorizer-denial';
import { authorizerName, type FunctionSpec, functions as topologyFunctions } from '../../shared/topology';
import { identitySourceHeaders, RequestAuthorizer } from './gateway/authorizer';
import { proxyEvent } from './gateway/proxy-event';
import { headerValues, readBody, readRequestHead } from './gateway/request';
import { asProxyResult, sendError, sendProxyResult } from './gateway/responses';
import { RouteTable } from './gateway/routes';
import { HandlerCache, InvocationTimeoutError, invokeHandler } from './lambda-runtime';
import { consoleLog, describeError, type LogSink } from './log';
import { localHost } from './resources';
import { PortInUseError } from './tcp-ports';

/** The gateway's default port. */
export const defaultGatewayPort = 4000;
/** API Gateway's integration timeout: a slower handler gets a 504 even if its own timeout is longer. */
const integrationTimeoutSeconds = 29;

export interface ApiGatewayOptions {
  /** The functions whose routes are served and whose authorizer guards them. @default the topology */
  readonly functions?: readonly FunctionSpec[];
  /** 0 picks a free port. @default 4000 */
  readonly port?: number | undefined;
  /** Where handler modules are loaded from (shared with pollers to share cold starts). */
  readonly handlers?: HandlerCache;
  readonly log?: LogSink;
}

export interface ApiGateway {
  /** e.g. `http://127.0.0.1:4000` (no stage prefix: routes are served at their topology paths). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type Respond = (status: number, write: () => void) => void;

function createRequestListener(options: ApiGatewayOptions, log: LogSink) {
  const fns = options.functions ?? topologyFunctions;
  const handlers = options.handlers ?? new HandlerCache();
  const routes = new RouteTable(fns);
  const authorizerSpec =
    fns.find((fn) => fn.role === 'authorizer' && fn.name === authorizerName) ??
    fns.find((fn) => fn.role === 'authorizer');
  const authorizer = authorizerSpec ? new RequestAuthorizer({ spec: authorizerSpec, handlers }) : undefined;

  return async (incoming: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const request = readRequestHead(incoming, requestId);
    const respond: Respond = (status, write) => {
      write();
      log(`${request.method} ${request.path} ${status} ${Date.now() - request.receivedAt}ms`);
    };
    const fail = (status: number, code: string, message: string, headers = {}): void =>
      respond(status, () => sendError(response, requestId, status, code, message, headers));

    const { body, tooLarge } = await readBody(incoming);
    if (tooLarge) return fail(413, 'PAYLOAD_TOO_LARGE', 'Request body exceeds the 10 MiB limit');

    const match = routes.match(request.method, request.path);
    if (match.kind === 'not-found') return fail(404, 'ROUTE_NOT_FOUND', `No route for ${request.path}`);
    if (match.kind === 'method-not-allowed') {
      return fail(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${request.path}`, {
        allow: match.allowed.join(', '),
      });
    }
    const { binding, pathParameters } = match;
    const parts = { resource: binding.route.path, pathParameters };

    let authorizerContext: Record<string, string> | undefined;
    if (binding.route.authenticated !== false) {
      if (!authorizer) return fail(500, 'INTERNAL', 'No authorizer function in the topology');
      // Two keys in one request: the gateway does not pick one (the authorizer would refuse too).
      if (identitySourceHeaders.some((name) => headerValues(request, name).length > 1)) {
        return fail(400, 'AMBIGUOUS_CREDENTIALS', 'Send one Authorization or x-api-key header');
      }
      try {
        const decision = await authorizer.authorize(request, parts);
        if (decision.kind === 'missing') {
          return fail(
            401,
            'MISSING_API_KEY',
            'Send an API key as "Authorization: Bearer <key>" or "x-api-key"',
          );
        }
        if (decision.kind === 'unauthorized') return fail(401, 'UNAUTHORIZED', 'Unauthorized');
        if (decision.kind === 'denied')
          return fail(authorizerDenial.statusCode, decision.code, decision.message);
        if (decision.kind === 'forbidden') {
          return fail(403, 'FORBIDDEN', 'User is not authorized to access this resource');
        }
        authorizerContext = decision.context;
      } catch (error) {
        log(
          `authorizer failed for ${request.method} ${request.path} (${requestId}): ${describeError(error)}`,
        );
        return fail(500, 'INTERNAL', 'Authorizer error');
      }
    }

    let result: unknown;
    try {
      const handler = await handlers.get(binding.fn);
      result = await invokeHandler(binding.fn, handler, proxyEvent(request, parts, body, authorizerContext), {
        requestId,
        maxSeconds: integrationTimeoutSeconds,
      });
    } catch (error) {
      log(
        `${binding.fn.name} failed on ${request.method} ${request.path} (${requestId}): ${describeError(error)}`,
      );
      if (error instanceof InvocationTimeoutError)
        return fail(504, 'GATEWAY_TIMEOUT', 'Endpoint request timed out');
      return fail(502, 'INTERNAL', 'Internal server error');
    }
    const proxyResult = asProxyResult(result);
    if (!proxyResult) {
      log(`${binding.fn.name} returned a malformed proxy response (${requestId})`);
      return fail(502, 'INTERNAL', 'Malformed Lambda proxy response');
    }
    respond(proxyResult.statusCode, () => sendProxyResult(response, requestId, proxyResult));
  };
}

/** Starts the gateway on 127.0.0.1; a taken port fails with PortInUseError naming --port / NEXUS_PORT. */
export async function startApiGateway(options: ApiGatewayOptions = {}): Promise<ApiGateway> {
  const log = options.log ?? consoleLog('gateway');
  const listener = createRequestListener(options, log);
  const server = http.createServer((request, response) => {
    listener(request, response).catch((error: unknown) => {
      log(`gateway error: ${describeError(error)}`);
      if (!response.headersSent) sendError(response, 'unknown', 500, 'INTERNAL', 'Internal server error');
      else response.destroy();
    });
  });
  const wanted = options.port ?? defaultGatewayPort;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(wanted, 'API gateway', '--port or NEXUS_PORT')
          : error,
      ),
    );
    server.listen(wanted, localHost, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${localHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
