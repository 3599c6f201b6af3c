import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../../shared/domain/errors';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { verdictContext } from '../../../shared/runtime/rate-limit-verdict';
import { apiEvent, lambdaContext } from '../../support/events';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

describe('httpHandler', () => {
  it("answers the authorizer's rate-limit refusal with 429 and Retry-After, before the route runs", async () => {
    // Arrange
    let ran = 0;
    const handler = httpHandler(logger, async () => {
      ran++;
      return jsonResponse(200, {});
    });
    const event = apiEvent();
    event.requestContext.authorizer = {
      ...event.requestContext.authorizer,
      ...verdictContext(new RetryLaterError('RATE_LIMITED', 'slow down', 3)),
    };

    // Act
    const response = await handler(event, lambdaContext());

    // Assert
    expect(ran).toBe(0);
    expect(response.statusCode).toBe(429);
    expect(response.headers?.['retry-after']).toBe('3');
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'RATE_LIMITED' }, requestId: 'req-1' });
  });

  it('runs the route when the authorizer refused nothing', async () => {
    const handler = httpHandler(logger, async () => jsonResponse(200, { ok: true }));

    const response = await handler(apiEvent(), lambdaContext());

    expect(response.statusCode).toBe(200);
  });
});
