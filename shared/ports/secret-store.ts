/** Keeps a secret value that is written once and never overwritten (Secrets Manager in AWS). */

export interface SecretStore {
  /** Whether the secret already holds a value (a current version). */
  hasValue(secretId: string): Promise<boolean>;
  /**
   * Stores the secret's first value. Throws ConflictError when it already holds one (the value
   * is never overwritten) and NotFoundError when there is no such secret.
   */
  putFirstValue(secretId: string, value: string): Promise<void>;
}
