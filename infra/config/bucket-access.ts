/**
 * The S3 actions each bucket access mode grants: one table for the CDK grants
 * (infra/constructs/explicit-grants.ts) and the local S3 stand-in's per-function credentials
 * (infra/local/function-credentials.ts), so a missing grant fails locally as it would in AWS.
 * Plain data: no CDK import, so the local runtime can read it.
 */

export type BucketAccess = 'read' | 'write' | 'readWrite';

export const s3Actions: Record<BucketAccess, { bucket: string[]; objects: string[] }> = {
  read: { bucket: ['s3:ListBucket', 's3:GetBucketLocation'], objects: ['s3:GetObject'] },
  // A writer holds the whole ObjectStore port: `exists` sends HeadObject (s3:GetObject), and
  // without s3:ListBucket S3 answers a missing key with 403 instead of 404 (the lake writer's
  // dedup check would fail every retried batch). See shared/adapters/aws/sdk-commands.ts.
  // A PUT that sets tags (the lake writer's batch files) needs s3:PutObjectTagging as well.
  write: {
    bucket: ['s3:ListBucket'],
    objects: ['s3:PutObject', 's3:PutObjectTagging', 's3:AbortMultipartUpload', 's3:GetObject'],
  },
  readWrite: {
    bucket: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    objects: [
      's3:GetObject',
      's3:PutObject',
      's3:PutObjectTagging',
      's3:AbortMultipartUpload',
      's3:DeleteObject',
    ],
  },
};
