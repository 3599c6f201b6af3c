/** Reading a tenant's datasets: one by name (DATASET_NOT_FOUND for another tenant's too), or all of them. */
import type { DatasetCatalog } from '../../ports/dataset-catalog';
import { NotFoundError } from '../errors';
import type { DatasetSummary } from './dataset-schema';
import { assertDatasetName } from './register-dataset';

export interface ReadDatasetsDeps {
  readonly catalog: Pick<DatasetCatalog, 'find' | 'list'>;
}

export async function getDataset(
  tenantId: string,
  name: string,
  deps: ReadDatasetsDeps,
): Promise<DatasetSummary> {
  const dataset = await deps.catalog.find(tenantId, assertDatasetName(name));
  if (!dataset) throw new NotFoundError('DATASET_NOT_FOUND', `Dataset "${name}" does not exist`);
  return dataset;
}

export async function listDatasets(
  tenantId: string,
  deps: ReadDatasetsDeps,
): Promise<{ readonly items: readonly DatasetSummary[] }> {
  return { items: await deps.catalog.list(tenantId) };
}
