/** Lambda entry of /v1/tenants: the platform operator's tenant management. */
import { tenantsDeps } from '../../../shared/runtime/function-deps/tenants';
import { makeTenantsHandler } from './tenants';

export const handler = makeTenantsHandler(tenantsDeps());
