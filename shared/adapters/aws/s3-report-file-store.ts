/**
 * ReportFileStore on S3: PutObject into the report-files bucket (SSE-KMS by the bucket's default,
 * deleted by its 7-day lifecycle), and short SigV4 presigned GetObject URLs that download the file
 * under its own name. A presigned URL lives at most as long as the credentials that signed it, so
 * emails link to the API's report-files route, which presigns one per click.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition } from '../../domain/reports/download-report-file';
import type { ReportFile, ReportFileStore } from '../../ports/report-file-store';

export interface S3ReportFileStoreOptions {
  readonly bucket: string;
}

export class S3ReportFileStore implements ReportFileStore {
  constructor(
    private readonly client: S3Client,
    /** Signs without default checksums (see s3PresignClient). */
    private readonly presignClient: S3Client,
    private readonly options: S3ReportFileStoreOptions,
  ) {}

  async put(key: string, file: ReportFile): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: file.content,
        ContentType: file.contentType,
        ContentDisposition: attachmentDisposition(file.filename),
      }),
    );
  }

  downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.presignClient, new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }
}
