/** Lambda entry of the hourly compaction of the curated zone. */
import { lakeCompactorDeps } from '../../../shared/runtime/function-deps/lake-compactor';
import { makeLakeCompactorHandler } from './lake-compactor';

export const handler = makeLakeCompactorHandler(lakeCompactorDeps());
