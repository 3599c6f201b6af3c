/**
 * The AWS SDK commands each AWS adapter in this folder sends, with the IAM actions each needs:
 * the contract between the adapters and infra's grants. `test/infra/permissions.test.ts` checks
 * this table against the commands every adapter module imports, and every function's role in
 * the synthesized templates against it (a missing grant fails offline, not in production).
 */

/** Which side of a resource a command touches (bucket `:read` needs grant only `read` commands). */
export type CommandAccess = 'read' | 'write';

export interface CommandPermission {
  /** The SDK command class the adapter imports and sends. */
  readonly command: string;
  /** IAM actions the call needs, on the resource the adapter targets. */
  readonly actions: readonly string[];
  readonly access: CommandAccess;
}

export const adapterCommands = {
  'athena-query-engine': [
    { command: 'StartQueryExecutionCommand', actions: ['athena:StartQueryExecution'], access: 'write' },
    { command: 'GetQueryExecutionCommand', actions: ['athena:GetQueryExecution'], access: 'read' },
    { command: 'GetQueryResultsCommand', actions: ['athena:GetQueryResults'], access: 'read' },
  ],
  // The Data API calls the secret's credentials up itself, with the caller's secretsmanager:GetSecretValue.
  'data-api-pool': [
    { command: 'BeginTransactionCommand', actions: ['rds-data:BeginTransaction'], access: 'write' },
    { command: 'CommitTransactionCommand', actions: ['rds-data:CommitTransaction'], access: 'write' },
    { command: 'ExecuteStatementCommand', actions: ['rds-data:ExecuteStatement'], access: 'write' },
    { command: 'RollbackTransactionCommand', actions: ['rds-data:RollbackTransaction'], access: 'write' },
  ],
  'dynamodb-rate-limit-store': [
    { command: 'GetCommand', actions: ['dynamodb:GetItem'], access: 'read' },
    { command: 'UpdateCommand', actions: ['dynamodb:UpdateItem'], access: 'write' },
  ],
  'dynamodb-rollup-store': [
    { command: 'BatchGetCommand', actions: ['dynamodb:BatchGetItem'], access: 'read' },
    { command: 'GetCommand', actions: ['dynamodb:GetItem'], access: 'read' },
    { command: 'PutCommand', actions: ['dynamodb:PutItem'], access: 'write' },
    { command: 'QueryCommand', actions: ['dynamodb:Query'], access: 'read' },
  ],
  'dynamodb-delivery-store': [
    { command: 'DeleteCommand', actions: ['dynamodb:DeleteItem'], access: 'write' },
    { command: 'GetCommand', actions: ['dynamodb:GetItem'], access: 'read' },
    { command: 'PutCommand', actions: ['dynamodb:PutItem'], access: 'write' },
    { command: 'QueryCommand', actions: ['dynamodb:Query'], access: 'read' },
  ],
  'glue-lake-catalog': [
    { command: 'CreateTableCommand', actions: ['glue:CreateTable'], access: 'write' },
    { command: 'UpdateTableCommand', actions: ['glue:UpdateTable'], access: 'write' },
  ],
  'kinesis-event-sink': [{ command: 'PutRecordsCommand', actions: ['kinesis:PutRecords'], access: 'write' }],
  // The compactor's garbage collection (need curatedBucket:compact).
  's3-object-cleanup': [
    { command: 'ListObjectsV2Command', actions: ['s3:ListBucket'], access: 'read' },
    { command: 'DeleteObjectsCommand', actions: ['s3:DeleteObject'], access: 'write' },
  ],
  's3-object-store': [
    // With tags (the lake writer's batch files) S3 checks s3:PutObjectTagging too.
    { command: 'PutObjectCommand', actions: ['s3:PutObject', 's3:PutObjectTagging'], access: 'write' },
    // Without s3:ListBucket, S3 answers a missing key with 403 instead of 404.
    { command: 'GetObjectCommand', actions: ['s3:GetObject', 's3:ListBucket'], access: 'read' },
    { command: 'HeadObjectCommand', actions: ['s3:GetObject', 's3:ListBucket'], access: 'read' },
  ],
  // Presigns a PUT the client sends later with the function's credentials.
  's3-upload-signer': [{ command: 'PutObjectCommand', actions: ['s3:PutObject'], access: 'write' }],
  // Puts a file, then presigns a GET the recipient sends later with the function's credentials.
  's3-report-file-store': [
    { command: 'GetObjectCommand', actions: ['s3:GetObject'], access: 'read' },
    { command: 'PutObjectCommand', actions: ['s3:PutObject'], access: 'write' },
  ],
  'sagemaker-model-endpoint': [
    { command: 'InvokeEndpointCommand', actions: ['sagemaker:InvokeEndpoint'], access: 'read' },
  ],
  'sagemaker-endpoint-weights': [
    {
      command: 'UpdateEndpointWeightsAndCapacitiesCommand',
      actions: ['sagemaker:UpdateEndpointWeightsAndCapacities'],
      access: 'write',
    },
  ],
  // Also needs iam:PassRole on the scheduler's role (granted beside these, on that role).
  'eventbridge-report-scheduler': [
    { command: 'CreateScheduleCommand', actions: ['scheduler:CreateSchedule'], access: 'write' },
    { command: 'UpdateScheduleCommand', actions: ['scheduler:UpdateSchedule'], access: 'write' },
    { command: 'DeleteScheduleCommand', actions: ['scheduler:DeleteSchedule'], access: 'write' },
  ],
  // The secret is the stack's; the store reads whether it has a version and writes the first one.
  'secrets-manager-secret-store': [
    { command: 'DescribeSecretCommand', actions: ['secretsmanager:DescribeSecret'], access: 'read' },
    { command: 'PutSecretValueCommand', actions: ['secretsmanager:PutSecretValue'], access: 'write' },
  ],
  // Maps the Secrets Manager adapters' errors; sends nothing.
  'secrets-manager-errors': [],
  'secrets-manager-secret-reader': [
    { command: 'GetSecretValueCommand', actions: ['secretsmanager:GetSecretValue'], access: 'read' },
  ],
  'ses-mailer': [{ command: 'SendEmailCommand', actions: ['ses:SendEmail'], access: 'write' }],
  // Tags each session `tenant=<id>`, which needs sts:TagSession beside sts:AssumeRole.
  'sts-tenant-credentials': [
    { command: 'AssumeRoleCommand', actions: ['sts:AssumeRole', 'sts:TagSession'], access: 'read' },
  ],
  // Finds statement placeholders for the Data API adapter; sends nothing.
  'sql-placeholders': [],
  // Builds the session policy; sends nothing.
  'tenant-query-policy': [],
  'sqs-delivery-queue': [
    { command: 'SendMessageCommand', actions: ['sqs:SendMessage'], access: 'write' },
    { command: 'ReceiveMessageCommand', actions: ['sqs:ReceiveMessage'], access: 'read' },
    { command: 'DeleteMessageCommand', actions: ['sqs:DeleteMessage'], access: 'write' },
    { command: 'ChangeMessageVisibilityCommand', actions: ['sqs:ChangeMessageVisibility'], access: 'write' },
  ],
} as const satisfies Record<string, readonly CommandPermission[]>;

export type AwsAdapter = keyof typeof adapterCommands;
