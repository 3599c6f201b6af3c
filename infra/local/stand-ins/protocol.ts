/** The IPC messages between the local runtime and a stand-in host process. */

export type StandInKind = 'postgres' | 'kinesis' | 'dynamodb' | 's3' | 'ses';

/** What a host is asked to run (passed as JSON in argv). */
export interface HostRequest {
  readonly kind: StandInKind;
  readonly host: string;
  readonly port: number;
  /** The stand-in's state directory under the data dir (unused by SES, whose store is in memory). */
  readonly dir: string;
}

/** An object-created event from s3rver, forwarded to the parent's S3 event poller. */
export interface ObjectCreatedNotice {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
  readonly sequencer: string;
  readonly eventName: string;
  readonly eventTime: string;
}

export type HostMessage =
  | { readonly type: 'ready'; readonly details: Readonly<Record<string, string | boolean>> }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'object-created'; readonly notice: ObjectCreatedNotice };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Narrows an IPC message to a HostMessage (IPC payloads are untyped JSON). */
export function asHostMessage(message: unknown): HostMessage | undefined {
  if (!isRecord(message)) return undefined;
  if (message.type === 'ready' && isRecord(message.details)) return message as HostMessage;
  if (message.type === 'failed' && typeof message.message === 'string') return message as HostMessage;
  if (message.type === 'object-created' && isRecord(message.notice)) return message as HostMessage;
  return undefined;
}
