/** Port for publishing packed records to the event stream. */
export interface StreamEnvelope {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly eventIds: readonly string[];
}

export interface EventSink {
  /** Publishes every envelope or throws; partial failures are retried inside the adapter. */
  publish(envelopes: readonly StreamEnvelope[]): Promise<void>;
}
