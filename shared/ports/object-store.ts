/** Port for object storage (the lake zones, uploads, query results). */
export interface TaggedObject {
  readonly body: Uint8Array;
  /** The version's entity tag, as S3 returns it (quoted); what `putIfMatch` compares. */
  readonly etag: string;
}

export interface ObjectStore {
  /** `tags`: the object's tags, set with the PUT itself (the buckets' lifecycle rules filter on them). */
  put(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    tags?: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** The object's bytes, or null when it does not exist. */
  get(bucket: string, key: string): Promise<Uint8Array | null>;
  exists(bucket: string, key: string): Promise<boolean>;
  /** The object's bytes with its entity tag, or null when it does not exist. */
  getTagged(bucket: string, key: string): Promise<TaggedObject | null>;
  /**
   * Compare-and-swap (S3 conditional writes): puts only if the object's current entity tag is
   * `expected`, or, with `expected` null, only if the object does not exist. Returns the new
   * entity tag, or null when the condition failed (someone else wrote first).
   */
  putIfMatch(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    expected: string | null,
  ): Promise<string | null>;
}
