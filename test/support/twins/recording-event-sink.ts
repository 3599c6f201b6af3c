/** In-memory twin of the EventSink port: keeps every publish, or fails them while `failWith` is set. */
import { unpackEnvelope } from '../../../shared/domain/ingestion/stream-envelope';
import type { ValidRecord } from '../../../shared/domain/ingestion/types';
import type { EventSink, StreamEnvelope } from '../../../shared/ports/event-sink';

export class RecordingEventSink implements EventSink {
  readonly published: StreamEnvelope[][] = [];
  failWith: Error | undefined;

  async publish(envelopes: readonly StreamEnvelope[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.published.push([...envelopes]);
  }

  records(): ValidRecord[] {
    return this.published.flat().flatMap((e) => unpackEnvelope(e.data));
  }
}
