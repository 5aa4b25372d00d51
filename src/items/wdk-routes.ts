/**
 * Workload Development Kit v1 item lifecycle (swagger `ItemLifecycle_*`): POST/PATCH/DELETE
 * …/items/{itemType}/{itemId} answer 200 without a body; GET …/payload answers `GetItemPayloadResponse`.
 * DELETE is a hard delete (WDK v1 has no restore).
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { ControlPlaneAuthContext } from '../auth/inbound/context';
import type { RequestScope } from '../http/handler';
import { readJsonObject } from '../http/body';
import { json } from '../http/respond';
import { MAX_LIFECYCLE_REQUEST_BYTES } from './limits';
import { parseWdkCreateRequest, parseWdkUpdateRequest } from './requests';
import { callContextFrom, itemRefFrom } from './route-context';
import type { ItemService } from './service';

type Handler = (req: HttpRequest, auth: ControlPlaneAuthContext, scope: RequestScope) => Promise<HttpResponseInit>;

export interface WdkRoutes {
  readonly createItem: Handler;
  readonly updateItem: Handler;
  readonly deleteItem: Handler;
  readonly getItemPayload: Handler;
}

const ok = (): HttpResponseInit => ({ status: 200 });

export function createWdkRoutes(service: () => ItemService): WdkRoutes {
  const body = (req: HttpRequest) => readJsonObject(req, { maxBytes: MAX_LIFECYCLE_REQUEST_BYTES });
  return {
    async createItem(req, auth, scope) {
      const s = service();
      const ref = itemRefFrom(req, auth, s.registry);
      await s.create(ref, parseWdkCreateRequest(await body(req)), callContextFrom(auth, scope));
      return ok();
    },
    async updateItem(req, auth, scope) {
      const s = service();
      const ref = itemRefFrom(req, auth, s.registry);
      await s.update(ref, parseWdkUpdateRequest(await body(req)), callContextFrom(auth, scope));
      return ok();
    },
    async deleteItem(req, auth, scope) {
      const s = service();
      await s.delete(itemRefFrom(req, auth, s.registry), 'Hard', callContextFrom(auth, scope));
      return ok();
    },
    async getItemPayload(req, auth) {
      const s = service();
      return json(200, { itemPayload: await s.getPayload(itemRefFrom(req, auth, s.registry)) });
    },
  };
}
