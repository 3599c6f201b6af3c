/** Port for object storage (the lake zones, uploads, query results). */
export interface ObjectStore {
  put(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** The object's bytes, or null when it does not exist. */
  get(bucket: string, key: string): Promise<Uint8Array | null>;
  exists(bucket: string, key: string): Promise<boolean>;
}
