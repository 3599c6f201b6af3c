/**
 * One way to route: a handler serving several routes declares them as a table keyed
 * `METHOD /resource/{param}` (the topology's spelling), each entry calling one use case.
 * An unknown method on a known resource is a 405 naming the allowed ones; an unknown resource is a
 * 404; both in Nexus's error shape through the handler's error mapping.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { NotFoundError } from '../domain/errors';
import type { ApiKeyPrincipal, ApiKeyScope } from '../domain/tenancy/api-key-principal';
import { MethodNotAllowedError } from './http-errors';
import type { HttpRoute } from './http-handler';
import { principalOf } from './http-request';

export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

export type RouteEntry = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** A table's entries, with the keys kept so tests can compare them with the topology. */
export interface RouteTable extends HttpRoute {
  readonly keys: readonly RouteKey[];
}

export function routeTable(entries: Readonly<Partial<Record<RouteKey, RouteEntry>>>): RouteTable {
  const table = new Map(Object.entries(entries) as [RouteKey, RouteEntry][]);
  const dispatch = async (event: APIGatewayProxyEvent, context: Context) => {
    const entry = table.get(`${event.httpMethod} ${event.resource}` as RouteKey);
    if (entry) return entry(event, context);
    const allow = [...table.keys()]
      .filter((key) => key.slice(key.indexOf(' ') + 1) === event.resource)
      .map((key) => key.slice(0, key.indexOf(' ')));
    if (allow.length > 0) throw new MethodNotAllowedError(event.httpMethod, event.resource, allow);
    throw new NotFoundError('ROUTE_NOT_FOUND', `No route for ${event.httpMethod} ${event.resource}`);
  };
  return Object.assign(dispatch, { keys: [...table.keys()] });
}

/** An entry that runs only for a principal holding `scope` (401/403 otherwise, before any parsing). */
export function withPrincipal(
  scope: ApiKeyScope,
  entry: (
    event: APIGatewayProxyEvent,
    principal: ApiKeyPrincipal,
    context: Context,
  ) => Promise<APIGatewayProxyResult>,
): RouteEntry {
  return (event, context) => entry(event, principalOf(event, scope), context);
}
