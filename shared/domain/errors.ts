/**
 * Typed domain errors. They carry a machine-readable code and field-level details but no
 * HTTP status: shared/runtime/http-errors.ts maps them to responses in one place.
 */

/** One field-level problem: `path` is a JSON path into the input (`[3].properties.plan`). */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
  readonly code?: string;
  /** Index of the record in a batch, where the error belongs to one record. */
  readonly index?: number;
}

export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'validation'
    | 'unauthorized'
    | 'forbidden'
    | 'not-found'
    | 'conflict'
    | 'too-large'
    | 'throttled'
    | 'unsupported-media-type';

  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
}
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
}
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}
export class PayloadTooLargeError extends DomainError {
  readonly kind = 'too-large';
}
export class ThrottledError extends DomainError {
  readonly kind = 'throttled';
}
/** A throttle that knows when the client may come back: rendered with a `Retry-After` header. */
export class RetryLaterError extends ThrottledError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
    details: readonly ErrorDetail[] = [],
  ) {
    super(code, message, details);
  }
}
export class UnsupportedMediaTypeError extends DomainError {
  readonly kind = 'unsupported-media-type';
}
