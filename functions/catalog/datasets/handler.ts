/** Lambda entry of /v1/datasets: registers, lists and reads a tenant's datasets. */
import { datasetsDeps } from '../../../shared/runtime/function-deps/datasets';
import { makeDatasetsHandler } from './datasets';

export const handler = makeDatasetsHandler(datasetsDeps());
