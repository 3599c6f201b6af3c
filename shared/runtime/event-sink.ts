/** The event stream records are published to: Kinesis (kinesalite locally). */
import { KinesisEventSink } from '../adapters/aws/kinesis-event-sink';
import type { EventSink } from '../ports/event-sink';
import { kinesisClient } from './clients/kinesis-client';
import { required } from './config';
import { type Runtime, runtime } from './runtime';

export function eventSink(rt: Runtime = runtime()): EventSink {
  return new KinesisEventSink(rt.client(kinesisClient), {
    streamName: required(rt.config, 'eventStreamName'),
  });
}
