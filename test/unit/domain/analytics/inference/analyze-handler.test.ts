/** POST /v1/insights/analyze: scope, envelope validation, tenant and variant passed to the endpoint, result mapping. */
import { Logger } from '@aws-lambda-powertools/logger';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeInsightsHandler } from '../../../../../functions/analytics/insights/insights';
import { analyticsEngines } from '../../../../../functions/model-server/engines';
import { dispatchInvocation } from '../../../../../shared/domain/analytics/inference/dispatch-invocation';
import {
  type InvocationInput,
  type InvocationRequest,
} from '../../../../../shared/domain/analytics/inference/invocation-request';
import { type InvocationResponse } from '../../../../../shared/domain/analytics/inference/invocation-response';
import type {
  InvokeOptions,
  ModelEndpoint,
  ModelInvocation,
} from '../../../../../shared/ports/model-endpoint';
import { apiEvent, lambdaContext, TENANT_B } from '../../../../support/events';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

/** Runs the real dispatcher in-process, as the model server behind the endpoint would. */
class InProcessModelEndpoint implements ModelEndpoint {
  readonly calls: { request: unknown; options: InvokeOptions }[] = [];

  async invoke(
    request: InvocationInput | InvocationRequest,
    options: InvokeOptions = {},
  ): Promise<ModelInvocation> {
    this.calls.push({ request, options });
    const model = { name: 'nexus-analytics', version: '3' };
    const response = { ...dispatchInvocation(request, analyticsEngines), model } as InvocationResponse;
    return { response, variant: options.targetVariant ?? 'AllTraffic', model };
  }
}

describe('analyze handler', () => {
  let endpoint: InProcessModelEndpoint;
  let handler: ReturnType<typeof makeInsightsHandler>;

  beforeEach(() => {
    endpoint = new InProcessModelEndpoint();
    handler = makeInsightsHandler({ endpoint, logger });
  });

  const post = (body: unknown, options: Parameters<typeof apiEvent>[0] = {}) =>
    handler(apiEvent({ method: 'POST', path: '/v1/insights/analyze', body, ...options }), lambdaContext());

  it('returns per-series results with the answering variant and model version, for the caller tenant', async () => {
    const body = {
      operation: 'summarize',
      series: [
        { id: 'ok', values: [1, 2, 3, 4, 5] },
        { id: 'short', values: [1] },
      ],
    };

    const response = await post(body, {
      principal: { tenantId: TENANT_B },
      query: { variant: 'challenger' },
    });

    expect(response.statusCode).toBe(200);
    const result = JSON.parse(response.body);
    expect(result).toMatchObject({
      operation: 'summarize',
      succeeded: 1,
      failed: 1,
      variant: 'challenger',
      model: { name: 'nexus-analytics', version: '3' },
    });
    expect(result.results[1]).toMatchObject({
      id: 'short',
      status: 'error',
      error: { details: [{ path: 'series[1].values' }] },
    });
    expect(endpoint.calls[0]?.options).toEqual({
      tenantId: TENANT_B,
      targetVariant: 'challenger',
      inferenceId: 'req-1',
    });
    expect(endpoint.calls[0]?.request).toEqual(body);
  });

  it.each([
    [{ operation: 'explain', series: [{ values: [1] }] }, 'operation'],
    [{ operation: 'forecast', series: [{ values: [1, 2] }] }, 'options'],
    [{ operation: 'detect', series: [] }, 'series'],
  ])('rejects the envelope %j with 400 before calling the endpoint', async (body, path) => {
    const response = await post(body);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(endpoint.calls).toHaveLength(0);
  });

  it('rejects a malformed variant name and a body that is not JSON', async () => {
    const badVariant = await post(
      { operation: 'detect', series: [{ values: [1] }] },
      { query: { variant: 'a b' } },
    );
    const notJson = await post('{');

    expect([badVariant.statusCode, notJson.statusCode]).toEqual([400, 400]);
    expect(JSON.parse(notJson.body).error.code).toBe('MALFORMED_BODY');
  });

  it('maps a model refusal (no valid series) to 400 with its paths', async () => {
    const response = await post({ operation: 'summarize', series: [{ values: [] }] });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'NO_VALID_SERIES',
      details: [{ path: 'series[0].values' }],
    });
  });

  it('needs the query scope', async () => {
    const response = await post(
      { operation: 'summarize', series: [{ values: [1, 2, 3] }] },
      { principal: { scopes: ['ingest'] } },
    );

    expect(response.statusCode).toBe(403);
  });
});
