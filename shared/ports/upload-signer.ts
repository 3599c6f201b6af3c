/** Port for handing a client a time-limited, pinned permission to PUT one object. */
/** One object's PUT, with what the signature must bind. */
export interface PresignPutRequest {
  readonly bucket: string;
  readonly key: string;
  /** Signed: an upload with another Content-Type is refused. */
  readonly contentType: string;
  /** Signed: an upload of another size is refused. */
  readonly contentLength: number;
  /** Signed when given (`gzip`). */
  readonly contentEncoding?: string | undefined;
  readonly expiresInSeconds: number;
}

/** A URL a client can PUT to without credentials. */
export interface PresignedPut {
  readonly url: string;
  /** Headers the client must send exactly as given (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Grants uploads without handing out credentials (S3 presigned URLs in AWS and locally). */
export interface UploadSigner {
  presignPut(request: PresignPutRequest): Promise<PresignedPut>;
}
