/**
 * Routes for alerts: rules (create, list, read, edit or mute, delete, events, test) and channels
 * (create, list, read, delete, delivery log). Reading needs `query`, changing needs `admin`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { createChannelInput } from '../../../shared/domain/alerts/alert-channel';
import { createAlertInput, patchAlertInput } from '../../../shared/domain/alerts/alert-rule';
import {
  alertEvents,
  createAlert,
  deleteAlert,
  findAlert,
  type ManageAlertsDeps,
  patchAlert,
  testAlert,
} from '../../../shared/domain/alerts/manage-alerts';
import {
  channelDeliveries,
  createChannel,
  deleteChannel,
  findChannel,
  historyQueryInput,
  type ManageChannelsDeps,
} from '../../../shared/domain/alerts/manage-channels';
import { jsonResponse } from '../../../shared/runtime/http-errors';
import { httpHandler } from '../../../shared/runtime/http-handler';
import { jsonBody, pathParam, principalOf } from '../../../shared/runtime/http-request';
import { routeTable } from '../../../shared/runtime/route-table';
import { parseInput } from '../../../shared/runtime/zod-input';

export interface AlertsDeps extends ManageAlertsDeps, ManageChannelsDeps {
  readonly logger: Logger;
}

const query = (event: { queryStringParameters: Record<string, string | undefined> | null }) =>
  event.queryStringParameters ?? {};
const noContent = { statusCode: 204, body: '' };

export const alertsRoutes = (deps: AlertsDeps) =>
  routeTable({
    'POST /v1/alerts': async (event) => {
      const actor = principalOf(event, 'admin');
      return jsonResponse(201, await createAlert(parseInput(createAlertInput, jsonBody(event)), actor, deps));
    },
    'GET /v1/alerts': async (event) =>
      jsonResponse(200, { items: await deps.alerts.list(principalOf(event, 'query').tenantId) }),
    'GET /v1/alerts/{id}': async (event) =>
      jsonResponse(200, await findAlert(principalOf(event, 'query').tenantId, pathParam(event, 'id'), deps)),
    'PATCH /v1/alerts/{id}': async (event) => {
      const actor = principalOf(event, 'admin');
      const patch = parseInput(patchAlertInput, jsonBody(event));
      return jsonResponse(200, await patchAlert(actor, pathParam(event, 'id'), patch, deps));
    },
    'DELETE /v1/alerts/{id}': async (event) => {
      await deleteAlert(principalOf(event, 'admin'), pathParam(event, 'id'), deps);
      return noContent;
    },
    'GET /v1/alerts/{id}/events': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const input = parseInput(historyQueryInput, query(event));
      return jsonResponse(200, await alertEvents(tenantId, pathParam(event, 'id'), input, deps));
    },
    'POST /v1/alerts/{id}/test': async (event) =>
      jsonResponse(202, await testAlert(principalOf(event, 'admin').tenantId, pathParam(event, 'id'), deps)),
    'POST /v1/alert-channels': async (event) => {
      const actor = principalOf(event, 'admin');
      return jsonResponse(
        201,
        await createChannel(parseInput(createChannelInput, jsonBody(event)), actor, deps),
      );
    },
    'GET /v1/alert-channels': async (event) =>
      jsonResponse(200, { items: await deps.channels.list(principalOf(event, 'query').tenantId) }),
    'GET /v1/alert-channels/{id}': async (event) =>
      jsonResponse(
        200,
        await findChannel(principalOf(event, 'query').tenantId, pathParam(event, 'id'), deps),
      ),
    'DELETE /v1/alert-channels/{id}': async (event) => {
      await deleteChannel(principalOf(event, 'admin'), pathParam(event, 'id'), deps);
      return noContent;
    },
    'GET /v1/alert-channels/{id}/deliveries': async (event) => {
      const { tenantId } = principalOf(event, 'query');
      const input = parseInput(historyQueryInput, query(event));
      return jsonResponse(200, await channelDeliveries(tenantId, pathParam(event, 'id'), input, deps));
    },
  });

export function makeAlertsHandler(deps: AlertsDeps) {
  return httpHandler(deps.logger, alertsRoutes(deps));
}
