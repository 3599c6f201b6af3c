/**
 * Runs the topology's REQUEST authorizer like the deployed API: identity-source check and policy
 * evaluation on every request. No result cache: the deployed API caches nothing, so a revoked
 * key stops working on its next request here as there.
 */
import type { APIGatewayAuthorizerResult, PolicyDocument, Statement } from 'aws-lambda';
import { authorizerDenial } from '../../../shared/runtime/authorizer-denial';
import type { FunctionSpec } from '../../../shared/topology';
import { type HandlerCache, invokeHandler } from '../lambda-runtime';
import { authorizerEvent, methodArn } from './proxy-event';
import { type GatewayRequest, headerValue } from './request';

/** The headers that identify a caller: a Bearer/Basic Authorization header or an x-api-key. */
export const identitySourceHeaders = ['Authorization', 'x-api-key'] as const;

export type AuthorizerDecision =
  | { readonly kind: 'allow'; readonly context: Record<string, string> }
  /** No identity header at all: refused before the authorizer runs. */
  | { readonly kind: 'missing' }
  | { readonly kind: 'unauthorized' }
  /** A Deny that names its reason: the API's ACCESS_DENIED gateway response makes it a 401. */
  | { readonly kind: 'denied'; readonly code: string; readonly message: string }
  | { readonly kind: 'forbidden' };

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
}

export class RequestAuthorizer {
  constructor(private readonly options: RequestAuthorizerOptions) {}

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
    if (identity.every((value) => value === undefined || value === '')) return { kind: 'missing' };
    const result = await this.policyFor(request, parts);
    if (!result) return { kind: 'unauthorized' };
    if (!policyAllows(result.policyDocument, methodArn(request))) {
      const code = result.context?.[authorizerDenial.codeKey];
      const message = result.context?.[authorizerDenial.messageKey];
      if (typeof code === 'string' && typeof message === 'string') return { kind: 'denied', code, message };
      return { kind: 'forbidden' };
    }
    return { kind: 'allow', context: integrationContext(result) };
  }

  private async policyFor(
    request: GatewayRequest,
    parts: { resource: string; pathParameters: Record<string, string> },
  ): Promise<APIGatewayAuthorizerResult | undefined> {
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
    return result;
  }
}
