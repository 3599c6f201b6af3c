/** The one error mapping the Secrets Manager adapters share: a secret that is not there is a 404. */
import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { NotFoundError } from '../../domain/errors';

export function secretNotFound(secretId: string, reason = 'does not exist'): NotFoundError {
  return new NotFoundError('SECRET_NOT_FOUND', `Secret ${secretId} ${reason}`);
}

/** Sends a call about one secret: a missing secret fails with SECRET_NOT_FOUND, other failures pass through. */
export async function aboutSecret<T>(secretId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof ResourceNotFoundException ? secretNotFound(secretId) : error;
  }
}
