/** Port for report files too large to attach: stored in a bucket, downloaded by a short-lived presigned GET. */

export interface ReportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface ReportFileStore {
  /** Stores the file under `key` (the bucket deletes it after 7 days). */
  put(key: string, file: ReportFile): Promise<void>;
  /** A GET link to the object under `key` that works for `expiresInSeconds`. */
  downloadUrl(key: string, expiresInSeconds: number): Promise<string>;
}
