/** Messages between the local runtime and a function thread (one function's sandbox). */
import type { FunctionSpec } from '../../shared/topology';

export interface FunctionThreadData {
  readonly spec: FunctionSpec;
}

/** One invocation; the thread rebuilds the Lambda context from the request id and deadline. */
export interface InvokeMessage {
  readonly id: number;
  readonly event: unknown;
  readonly requestId: string;
  /** Epoch ms at which the invocation times out (`context.getRemainingTimeInMillis()`). */
  readonly deadline: number;
}

export interface ThrownError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
}

export type ReplyMessage =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: ThrownError };
