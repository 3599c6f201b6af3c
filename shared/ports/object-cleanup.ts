/** Port for listing and deleting objects under a prefix: the compactor's garbage collection. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date;
}

export interface ObjectCleanup {
  /** Every object whose key starts with `prefix`, in key order. */
  list(bucket: string, prefix: string): Promise<ListedObject[]>;
  /** Deletes the objects; missing keys are not an error. */
  remove(bucket: string, keys: readonly string[]): Promise<void>;
}
