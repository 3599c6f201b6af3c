/** Parses NAB's `combined_windows.json` (file → list of `[start, end]` timestamps) into epoch-ms windows. */
import * as z from 'zod';
import { ValidationError } from '../../../shared/domain/errors';
import type { NabWindow } from './label-file';
import { parseNabTimestamp } from './nab-timestamp';

const windowsSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

/** Returns windows per corpus-relative file name; throws a {@link ValidationError} on a bad document or timestamp. */
export function parseNabWindows(json: unknown): Record<string, NabWindow[]> {
  const parsed = windowsSchema.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(
      'INVALID_NAB_WINDOWS',
      'The windows file does not match NAB layout.',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  const out: Record<string, NabWindow[]> = {};
  for (const [file, windows] of Object.entries(parsed.data)) {
    out[file] = windows.map(([a, b], i) => {
      const start = parseNabTimestamp(a);
      const end = parseNabTimestamp(b);
      if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
        throw new ValidationError('INVALID_NAB_WINDOWS', `Window ${i} of ${file} is not a time range.`, [
          { path: `${file}[${i}]`, message: `${a} .. ${b}` },
        ]);
      }
      return [start, end] as const;
    });
  }
  return out;
}
