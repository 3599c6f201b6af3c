/** In-memory twin of the SecretReader port: secret id → its value (absent: no secret). */
import { NotFoundError } from '../../../shared/domain/errors';
import type { SecretReader } from '../../../shared/ports/secret-reader';

export class InMemorySecretReader implements SecretReader {
  readonly values = new Map<string, string>();

  async currentValue(secretId: string): Promise<string> {
    const value = this.values.get(secretId);
    if (value === undefined)
      throw new NotFoundError('SECRET_NOT_FOUND', `Secret ${secretId} does not exist or has no value`);
    return value;
  }
}
