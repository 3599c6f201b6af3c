/** In-memory twin of the SecretStore port: secrets exist once `create`d, as the stack creates them. */
import { ConflictError, NotFoundError } from '../../../shared/domain/errors';
import type { SecretStore } from '../../../shared/ports/secret-store';

export class InMemorySecretStore implements SecretStore {
  /** Secret id → its value, or undefined while it has none. */
  readonly secrets = new Map<string, string | undefined>();

  create(secretId: string): this {
    this.secrets.set(secretId, undefined);
    return this;
  }

  async hasValue(secretId: string): Promise<boolean> {
    if (!this.secrets.has(secretId))
      throw new NotFoundError('SECRET_NOT_FOUND', `Secret ${secretId} does not exist`);
    return this.secrets.get(secretId) !== undefined;
  }

  async putFirstValue(secretId: string, value: string): Promise<void> {
    if (await this.hasValue(secretId))
      throw new ConflictError('SECRET_HAS_VALUE', `Secret ${secretId} already holds a value`);
    this.secrets.set(secretId, value);
  }
}
