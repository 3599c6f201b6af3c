/** Lambda entry of S3 object-created events for uploaded files. */
import { fileIngestDeps } from '../../../shared/runtime/function-deps/file-ingest';
import { makeFileIngestHandler } from './file-ingest';

export const handler = makeFileIngestHandler(fileIngestDeps());
