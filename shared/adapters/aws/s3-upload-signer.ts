/** UploadSigner on S3: a SigV4 presigned PutObject URL that signs Content-Type and Content-Length. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { definedProps } from '../../domain/defined-props';
import type { PresignedPut, PresignPutRequest, UploadSigner } from '../../ports/upload-signer';

/**
 * The presigner leaves Content-Type unsigned by default and never signs a Content-Length it
 * does not see; naming both as signable headers makes S3 refuse an upload of another type or
 * size (SignatureDoesNotMatch), which is what the upload limits rely on.
 *
 * The client must not add default checksums (`requestChecksumCalculation: 'WHEN_REQUIRED'`):
 * with no body at signing time the SDK would sign the CRC32 of an empty body into the URL and
 * every real upload would fail its checksum.
 */
export class S3UploadSigner implements UploadSigner {
  constructor(private readonly client: S3Client) {}

  async presignPut(request: PresignPutRequest): Promise<PresignedPut> {
    const headers: Record<string, string> = definedProps({
      'Content-Type': request.contentType,
      'Content-Length': String(request.contentLength),
      'Content-Encoding': request.contentEncoding || undefined,
    });
    const command = new PutObjectCommand({
      Bucket: request.bucket,
      Key: request.key,
      ContentType: request.contentType,
      ContentLength: request.contentLength,
      ContentEncoding: request.contentEncoding,
    });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: request.expiresInSeconds,
      signableHeaders: new Set(['content-type', 'content-length', 'content-encoding']),
    });
    return { url, headers };
  }
}
