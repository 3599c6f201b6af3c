import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ThrottledError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/domain/errors';
import { errorResponse, jsonResponse } from '../../../shared/runtime/http-errors';

describe('errorResponse', () => {
  it.each([
    [new ValidationError('V', 'v'), 400],
    [new UnauthorizedError('U', 'u'), 401],
    [new ForbiddenError('F', 'f'), 403],
    [new NotFoundError('N', 'n'), 404],
    [new ConflictError('C', 'c'), 409],
    [new PayloadTooLargeError('P', 'p'), 413],
    [new UnsupportedMediaTypeError('M', 'm'), 415],
    [new ThrottledError('T', 't'), 429],
  ] as [DomainError, number][])('maps %s to %i', (error, status) => {
    // Act
    const response = errorResponse(error, 'req-9');

    // Assert
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: error.code, message: error.message },
      requestId: 'req-9',
    });
  });

  it('includes details when there are any', () => {
    // Act
    const response = errorResponse(
      new ValidationError('INVALID_REQUEST', 'bad', [{ path: 'fields[0].name', message: 'required' }]),
      'req-9',
    );

    // Assert
    expect(JSON.parse(response.body).error.details).toEqual([
      { path: 'fields[0].name', message: 'required' },
    ]);
  });

  it('hides unexpected errors behind a 500', () => {
    // Act
    const response = errorResponse(new Error('password=hunter2'), 'req-9');

    // Assert
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(JSON.parse(response.body).error.code).toBe('INTERNAL');
  });
});

describe('jsonResponse', () => {
  it('sets JSON and no-store headers, keeping extra ones', () => {
    // Act
    const response = jsonResponse(202, { ok: true }, { location: '/x' });

    // Assert
    expect(response).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', location: '/x' },
      body: '{"ok":true}',
    });
  });
});
