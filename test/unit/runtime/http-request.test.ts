import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../../shared/domain/errors';
import { header, jsonBody, pathParam, principalOf, rawBody } from '../../../shared/runtime/http-request';
import { apiEvent, TENANT_A } from '../../support/events';

describe('principalOf', () => {
  it('returns the principal the authorizer put in the context', () => {
    // Act
    const principal = principalOf(
      apiEvent({ principal: { keyId: 'k', scopes: ['query', 'ingest'] } }),
      'query',
    );

    // Assert
    expect(principal).toEqual({ tenantId: TENANT_A, keyId: 'k', scopes: ['query', 'ingest'] });
  });

  it('is Forbidden without the scope', () => {
    expect(() => principalOf(apiEvent({ principal: { scopes: ['ingest'] } }), 'admin')).toThrow(
      ForbiddenError,
    );
    expect(() => principalOf(apiEvent({ principal: { scopes: [] } }), 'query')).toThrow(ForbiddenError);
  });

  it('is Unauthorized without a context', () => {
    expect(() => principalOf(apiEvent({ principal: null }), 'query')).toThrow(UnauthorizedError);
  });

  it('ignores a tenant in the body', () => {
    // Act
    const principal = principalOf(apiEvent({ body: { tenantId: 'evil' } }), 'query');

    // Assert
    expect(principal.tenantId).toBe(TENANT_A);
  });
});

describe('header', () => {
  it('finds headers case-insensitively', () => {
    // Arrange
    const event = apiEvent({ headers: { 'Content-Encoding': 'gzip', 'X-API-KEY': 'k' } });

    // Act / Assert
    expect(header(event, 'content-encoding')).toBe('gzip');
    expect(header(event, 'x-api-key')).toBe('k');
    expect(header(event, 'missing')).toBeUndefined();
  });
});

describe('bodies', () => {
  it('decodes base64 bodies', () => {
    // Act
    const body = rawBody(apiEvent({ body: 'héllo', base64: true }));

    // Assert
    expect(body.toString('utf8')).toBe('héllo');
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=utf-8', 200],
    ['application/merge-patch+json', 200],
  ])('answers a JSON route sent %s with %s', (type, status) => {
    const event = apiEvent({ body: { a: 1 }, headers: { 'content-type': type } });
    if (status === 200) expect(jsonBody(event)).toEqual({ a: 1 });
    else expect(() => jsonBody(event)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }));
  });

  it('parses a JSON body, base64 or not', () => {
    expect(jsonBody(apiEvent({ body: { a: 1 } }))).toEqual({ a: 1 });
    expect(jsonBody(apiEvent({ body: { a: 1 }, base64: true }))).toEqual({ a: 1 });
  });

  it.each([
    [undefined, 'EMPTY_BODY'],
    ['   ', 'EMPTY_BODY'],
    ['{oops', 'MALFORMED_BODY'],
  ])('rejects the body %j with %s', (body, code) => {
    expect(() => jsonBody(apiEvent({ body }))).toThrow(expect.objectContaining({ code }));
  });

  it('takes path parameters as API Gateway decoded them, never decoding twice, and requires them', () => {
    // The client sent `a%2520b` / `%25`: API Gateway already turned them into these.
    expect(pathParam(apiEvent({ pathParameters: { name: 'a%20b' } }), 'name')).toBe('a%20b');
    expect(pathParam(apiEvent({ pathParameters: { name: '%' } }), 'name')).toBe('%');
    expect(() => pathParam(apiEvent(), 'name')).toThrow(ValidationError);
  });
});
