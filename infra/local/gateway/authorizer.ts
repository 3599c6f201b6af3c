/** Runs the topology's REQUEST authorizer like API Gateway: identity-source check, policy evaluation, result cache. */
import type { APIGatewayAuthorizerResult, PolicyDocument, Statement } from 'aws-lambda';
import type { FunctionSpec } from '../../../shared/topology';
import { type HandlerCache, invokeHandler } from '../lambda-runtime';
import { authorizerEvent, methodArn } from './proxy-event';
import { type GatewayRequest, headerValue } from './request';

/** The headers that identify a caller: a Bearer/Basic Authorization header or an x-api-key. */
export const identitySourceHeaders = ['Authorization', 'x-api-key'] as const;

export type AuthorizerDecision =
  | { readonly kind: 'allow'; readonly context: Record<string, string> }
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'forbidden' };

interface CachedPolicy {
  readonly result: APIGatewayAuthorizerResult;
  readonly expiresAt: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isAuthorizerResult(value: unknown): value is APIGatewayAuthorizerResult {
  return (
    isRecord(value) &&
    typeof value.principalId === 'string' &&
    isRecord(value.policyDocument) &&
    Array.isArray(value.policyDocument.Statement)
  );
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function resourceMatches(pattern: string, arn: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`).test(arn);
}

function statementCovers(statement: Statement, arn: string): boolean {
  const actions = 'Action' in statement ? asList(statement.Action) : [];
  const actionOk = actions.some(
    (action) => action === '*' || action === 'execute-api:*' || action === 'execute-api:Invoke',
  );
  const resources = 'Resource' in statement ? asList(statement.Resource) : [];
  return actionOk && resources.some((resource) => resourceMatches(resource, arn));
}

/** IAM semantics: an explicit Deny wins, then any Allow, else implicitly denied. */
export function policyAllows(policy: PolicyDocument, arn: string): boolean {
  const covering = policy.Statement.filter((statement) => statementCovers(statement, arn));
  if (covering.some((statement) => statement.Effect === 'Deny')) return false;
  return covering.some((statement) => statement.Effect === 'Allow');
}

/**
 * REST APIs hand the authorizer's context to the integration with every value as a string,
 * next to the principalId.
 */
function integrationContext(result: APIGatewayAuthorizerResult): Record<string, string> {
  const context: Record<string, string> = { principalId: result.principalId };
  for (const [key, value] of Object.entries(result.context ?? {})) {
    if (value !== undefined && value !== null) context[key] = String(value);
  }
  return context;
}

export interface RequestAuthorizerOptions {
  readonly spec: FunctionSpec;
  readonly handlers: HandlerCache;
  /** How long an identity's policy is reused; 0 disables caching. @default 60 */
  readonly cacheTtlSeconds?: number | undefined;
}

export class RequestAuthorizer {
  private readonly cache = new Map<string, CachedPolicy>();
  private readonly ttlMs: number;

  constructor(private readonly options: RequestAuthorizerOptions) {
    this.ttlMs = (options.cacheTtlSeconds ?? 60) * 1000;
  }

  /**
   * Decides for one request. Throws when the authorizer fails other than with `Unauthorized`
   * (API Gateway answers 500 then).
   */
  async authorize(
    request: GatewayRequest,
    parts: { resource: string; pathParameters: Record<string, string> },
  ): Promise<AuthorizerDecision> {
    const identity = identitySourceHeaders.map((name) => headerValue(request, name));
    // API Gateway rejects a request with no identity at all without invoking the authorizer.
    if (identity.every((value) => value === undefined || value === '')) return { kind: 'unauthorized' };
    const cacheKey = JSON.stringify(identity);
    const result = await this.policyFor(cacheKey, request, parts);
    if (!result) return { kind: 'unauthorized' };
    if (!policyAllows(result.policyDocument, methodArn(request))) return { kind: 'forbidden' };
    return { kind: 'allow', context: integrationContext(result) };
  }

  private async policyFor(
    cacheKey: string,
    request: GatewayRequest,
    parts: { resource: string; pathParameters: Record<string, string> },
  ): Promise<APIGatewayAuthorizerResult | undefined> {
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.result;
    const handler = await this.options.handlers.get(this.options.spec);
    let result: unknown;
    try {
      result = await invokeHandler(this.options.spec, handler, authorizerEvent(request, parts), {
        requestId: request.requestId,
      });
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') return undefined;
      throw error;
    }
    if (!isAuthorizerResult(result)) {
      throw new Error(
        `${this.options.spec.name} returned no valid IAM policy (principalId + policyDocument)`,
      );
    }
    if (this.ttlMs > 0) this.cache.set(cacheKey, { result, expiresAt: Date.now() + this.ttlMs });
    return result;
  }
}
