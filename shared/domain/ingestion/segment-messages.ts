/**
 * Segment's HTTP Tracking API in Nexus terms: a track/identify/page/screen/group/alias call, or a
 * batch of them, becomes records of the built-in `events` dataset. Limits and error behaviour are
 * Segment's: a body over 500 KB or not JSON is a 400, and in a batch a message over 32 KB is
 * dropped (reported) while the rest are kept.
 */
import { gunzipSync } from 'node:zlib';
import * as z from 'zod';
import { ValidationError } from '../errors';
import { isValidEventId } from './event-id';
import type { ParsedBody, RecordError } from './types';

export const segmentCallTypes = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentCallType = (typeof segmentCallTypes)[number];
export type SegmentPath = SegmentCallType | 'batch';

export const segmentLimits = {
  /** Segment's limit per batch request (decompressed). */
  maxBatchBytes: 500 * 1024,
  /** Segment's limit per message. */
  maxMessageBytes: 32 * 1024,
} as const;

export interface SegmentRequest {
  readonly path: SegmentPath;
  readonly body: Uint8Array;
  readonly contentEncoding?: string | undefined;
  /** When the platform received the request: the reference for clock-skew correction. */
  readonly receivedAt: Date;
}

/** The documented shape of one message (the OpenAPI contract); parsing itself is lenient, as Segment's. */
export const segmentMessageContract = z.looseObject({
  type: z
    .enum(segmentCallTypes)
    .optional()
    .describe('required inside a batch; implied by the path otherwise'),
  messageId: z.string().optional().describe('becomes the eventId: retries are stored once'),
  userId: z.string().optional(),
  anonymousId: z.string().optional(),
  event: z.string().optional().describe('track: the event name'),
  name: z.string().optional().describe('page/screen: the page or screen name'),
  groupId: z.string().optional(),
  previousId: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  timestamp: z.string().optional(),
  originalTimestamp: z.string().optional(),
  sentAt: z.string().optional(),
});
export const segmentBatchContract = z.looseObject({
  batch: z.array(segmentMessageContract),
  context: z.record(z.string(), z.unknown()).optional(),
  sentAt: z.string().optional(),
});

type Message = Record<string, unknown>;

const isObject = (v: unknown): v is Message => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** JSON whatever the content type says (SDKs send gzip as form-urlencoded), gzipped or not. */
function decodeBody(body: Uint8Array, contentEncoding: string | undefined): unknown {
  const gzipped = contentEncoding?.toLowerCase().includes('gzip') || (body[0] === 0x1f && body[1] === 0x8b);
  let raw: Buffer;
  try {
    raw = gzipped
      ? gunzipSync(body, { maxOutputLength: segmentLimits.maxBatchBytes + 1 })
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new ValidationError('MALFORMED_BODY', 'The gzip body could not be decompressed', [
      { path: '', message: 'not valid gzip' },
    ]);
  }
  if (raw.byteLength > segmentLimits.maxBatchBytes) throw tooLarge();
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationError('MALFORMED_BODY', 'The request body is not valid JSON', [
      { path: '', message: 'not valid JSON' },
    ]);
  }
}

/** Segment answers 400 for a body over its limit; so do these paths (SDKs do not retry a 400). */
function tooLarge(): ValidationError {
  return new ValidationError(
    'BATCH_TOO_LARGE',
    `The body is over ${segmentLimits.maxBatchBytes} bytes; send smaller batches`,
    [{ path: '', message: `over ${segmentLimits.maxBatchBytes} bytes` }],
  );
}

/**
 * Segment's event time: `timestamp` if the client set it; else `originalTimestamp` shifted by the
 * client's clock skew, `receivedAt - (sentAt - originalTimestamp)`; else the receive time.
 */
export function segmentEventTime(message: Message, receivedAt: Date): unknown {
  if (message.timestamp !== undefined && message.timestamp !== null) return message.timestamp;
  const original = message.originalTimestamp;
  if (original === undefined || original === null) return receivedAt.toISOString();
  const originalMs = typeof original === 'string' ? Date.parse(original) : Number.NaN;
  const sentMs = typeof message.sentAt === 'string' ? Date.parse(message.sentAt) : Number.NaN;
  if (Number.isNaN(originalMs)) return original;
  if (Number.isNaN(sentMs)) return new Date(originalMs).toISOString();
  return new Date(receivedAt.getTime() - (sentMs - originalMs)).toISOString();
}

/** The event name: the track event, the page/screen name, else the call type. */
function eventName(type: SegmentCallType, message: Message): unknown {
  if (type === 'track') return message.event;
  if (type === 'page' || type === 'screen') return text(message.name) ?? text(message.category) ?? type;
  return type;
}

/**
 * A message id as the record's eventId, so an SDK retry is stored once. Ids outside the eventId
 * alphabet are kept stable by prefixing their hex encoding; over-long ones fall back to derivation.
 */
function eventIdOf(messageId: unknown): string | undefined {
  const id = text(messageId);
  if (id === undefined) return undefined;
  if (isValidEventId(id)) return id;
  const hex = `m_${Buffer.from(id, 'utf8').toString('hex')}`;
  return isValidEventId(hex) ? hex : undefined;
}

/** Fields a call carries beyond properties and traits, kept in properties so nothing is lost. */
function extraProperties(type: SegmentCallType, message: Message): Message {
  if (type === 'group') return { groupId: message.groupId };
  if (type === 'alias') return { previousId: message.previousId };
  return {};
}

function toRecord(type: SegmentCallType, message: Message, receivedAt: Date): Message {
  const properties = {
    ...(isObject(message.properties) ? message.properties : {}),
    ...extraProperties(type, message),
  };
  const record: Message = {
    name: eventName(type, message),
    timestamp: segmentEventTime(message, receivedAt),
    type,
    userId: text(message.userId),
    anonymousId: text(message.anonymousId),
    properties: Object.keys(properties).length > 0 ? properties : undefined,
    traits: isObject(message.traits) ? message.traits : undefined,
    context: isObject(message.context) ? message.context : undefined,
  };
  const eventId = eventIdOf(message.messageId);
  if (eventId !== undefined) record.eventId = eventId;
  return record;
}

function messageError(index: number, path: string, code: string, message: string): RecordError {
  return { index, path: `[${index}]${path}`, code, message };
}

function checkMessage(index: number, message: unknown, type: unknown): RecordError | SegmentCallType {
  if (!isObject(message)) return messageError(index, '', 'NOT_AN_OBJECT', 'a message must be an object');
  if (typeof type !== 'string' || !(segmentCallTypes as readonly string[]).includes(type)) {
    return messageError(index, '.type', 'INVALID_TYPE', `type must be one of ${segmentCallTypes.join(', ')}`);
  }
  if (text(message.userId) === undefined && text(message.anonymousId) === undefined) {
    return messageError(index, '.userId', 'REQUIRED', 'userId or anonymousId is required');
  }
  if (Buffer.byteLength(JSON.stringify(message)) > segmentLimits.maxMessageBytes) {
    return messageError(
      index,
      '',
      'MESSAGE_TOO_LARGE',
      `message over ${segmentLimits.maxMessageBytes} bytes`,
    );
  }
  return type as SegmentCallType;
}

/** Parses a Segment request into `events` records plus the messages refused before validation. */
export function parseSegmentRequest(request: SegmentRequest): ParsedBody {
  const payload = decodeBody(request.body, request.contentEncoding);
  if (!isObject(payload)) {
    throw new ValidationError('MALFORMED_BODY', 'The body must be a JSON object', [
      { path: '', message: 'expected an object' },
    ]);
  }
  let messages: { message: unknown; type: unknown }[];
  if (request.path === 'batch') {
    if (!Array.isArray(payload.batch)) {
      throw new ValidationError('MALFORMED_BODY', 'A batch needs a "batch" array', [
        { path: 'batch', message: 'expected an array' },
      ]);
    }
    // Batch-level context applies to each message, the message's own keys winning.
    const shared = isObject(payload.context) ? payload.context : undefined;
    messages = payload.batch.map((m: unknown) => {
      if (!isObject(m)) return { message: m, type: undefined };
      const context = shared ? { ...shared, ...(isObject(m.context) ? m.context : {}) } : m.context;
      const sentAt = m.sentAt ?? payload.sentAt;
      return { message: { ...m, context, sentAt }, type: m.type };
    });
  } else {
    messages = [{ message: payload, type: request.path }];
  }
  const records: ParsedBody['records'] = [];
  const errors: RecordError[] = [];
  messages.forEach(({ message, type }, index) => {
    const checked = checkMessage(index, message, type);
    if (typeof checked !== 'string') errors.push(checked);
    else records.push({ index, value: toRecord(checked, message as Message, request.receivedAt) });
  });
  // A single call over the message limit is refused whole with a 400, as Segment does.
  const only = errors[0];
  if (request.path !== 'batch' && only?.code === 'MESSAGE_TOO_LARGE') {
    throw new ValidationError('MESSAGE_TOO_LARGE', only.message, [{ path: '', message: only.message }]);
  }
  return { records, errors, textual: false };
}
