/** Port for report files too large to attach: stored in a bucket, linked from the email by a presigned GET. */

export interface ReportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface ReportFileStore {
  /** Stores the file under `key` and returns a GET link that works for `expiresInSeconds`. */
  publish(key: string, file: ReportFile, expiresInSeconds: number): Promise<string>;
}
