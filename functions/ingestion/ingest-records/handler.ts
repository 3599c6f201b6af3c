/** Lambda entry of POST /v1/events and POST /v1/datasets/{name}/records. */
import { ingestRecordsDeps } from '../../../shared/runtime/function-deps/ingest-records';
import { makeIngestRecordsHandler } from './ingest-records';

export const handler = makeIngestRecordsHandler(ingestRecordsDeps());
