/** Port that reads a secret's current value (e.g. a signing key), from Secrets Manager in AWS. */

export interface SecretReader {
  /** The current value; NotFoundError when there is no such secret or it has no value yet. */
  currentValue(secretId: string): Promise<string>;
}
