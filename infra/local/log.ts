/** One-line, prefixed logging for the local runtime, so interleaved child output stays readable. */

/** Where the local runtime writes its lines; tests pass a silent or capturing one. */
export type LogSink = (line: string) => void;

/** Writes to stderr with a `[prefix]` so gateway, workers and stand-ins can be told apart. */
export function consoleLog(prefix: string): LogSink {
  return (line) => process.stderr.write(`[${prefix}] ${line}\n`);
}

/** Discards everything (quiet tests). */
export const silentLog: LogSink = () => {};

/** Renders an unknown thrown value as one line, keeping the stack when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
