/** ObjectCleanup on S3: paged ListObjectsV2 and DeleteObjects in chunks of S3's 1,000-key limit. */
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ListedObject, ObjectCleanup } from '../../ports/object-cleanup';

const deleteChunk = 1000;

export class S3ObjectCleanup implements ObjectCleanup {
  constructor(private readonly client: S3Client) {}

  async list(bucket: string, prefix: string): Promise<ListedObject[]> {
    const found: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) found.push({ key: object.Key, lastModified: object.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async remove(bucket: string, keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += deleteChunk) {
      const chunk = keys.slice(i, i + deleteChunk);
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw new Error(
          `could not delete ${failed.length} object(s), e.g. ${failed[0]?.Key}: ${failed[0]?.Code}`,
        );
      }
    }
  }
}
