/** Lambda entry of Kinesis batches from the event stream, written to the lake. */
import { lakeWriterDeps } from '../../../shared/runtime/function-deps/lake-writer';
import { makeLakeWriterHandler } from './lake-writer';

export const handler = makeLakeWriterHandler(lakeWriterDeps());
