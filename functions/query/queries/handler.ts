/** Lambda entry of POST /v1/queries and GET /v1/queries/{id}. */
import { queriesDeps } from '../../../shared/runtime/function-deps/queries';
import { makeQueriesHandler } from './queries';

export const handler = makeQueriesHandler(queriesDeps());
