/** Routes of the platform operator: create and list tenants, set a tenant's limits; all need an operator key. */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  createTenant,
  createTenantInput,
  listTenants,
  setTenantLimits,
  type TenantDeps,
} from '../../../shared/domain/tenancy/manage-tenants';
import { tenantLimitsInput } from '../../../shared/domain/tenancy/tenant-limits';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam } from '../../../shared/runtime/http-request';
import { routeTable, withPrincipal } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface TenantsDeps extends TenantDeps {
  readonly logger: Logger;
}

export const tenantsRoutes = (deps: TenantsDeps) =>
  routeTable({
    'POST /v1/tenants': withPrincipal('operator', async (event, principal) => {
      const tenant = await createTenant(parseInput(createTenantInput, jsonBody(event)), principal, deps);
      return jsonResponse(201, { ...tenant, note: 'Store this key now: it is not shown again.' });
    }),
    'GET /v1/tenants': withPrincipal('operator', async () =>
      jsonResponse(200, { items: await listTenants(deps) }),
    ),
    'PUT /v1/tenants/{id}/limits': withPrincipal('operator', async (event, principal) =>
      jsonResponse(
        200,
        await setTenantLimits(
          pathParam(event, 'id'),
          parseInput(tenantLimitsInput, jsonBody(event)),
          principal,
          deps,
        ),
      ),
    ),
  });

export function makeTenantsHandler(deps: TenantsDeps) {
  return httpHandler(deps.logger, tenantsRoutes(deps));
}
