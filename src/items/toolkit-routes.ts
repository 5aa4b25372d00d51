/**
 * Extensibility Toolkit lifecycle notifications (POST …/items/{itemType}/{itemId}/On{Create,Update,Delete,Restore}Item).
 * Success: 200 `{}` (as the toolkit's reference backend). Errors: Fabric's error body.
 * OnDeleteItem cannot block the delete in Fabric; failures are still reported truthfully (400 for bad input, 503
 * when storage is down) so Fabric may retry, and never answered 200 for work that was not done.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { ControlPlaneAuthContext } from '../auth/inbound/context';
import type { RequestScope } from '../http/handler';
import { readJsonObject } from '../http/body';
import { json } from '../http/respond';
import { MAX_LIFECYCLE_REQUEST_BYTES } from './limits';
import { parseToolkitDefinitionRequest, parseToolkitDeleteRequest } from './requests';
import { callContextFrom, itemRefFrom } from './route-context';
import type { ItemService } from './service';

type Handler = (req: HttpRequest, auth: ControlPlaneAuthContext, scope: RequestScope) => Promise<HttpResponseInit>;

export interface ToolkitRoutes {
  readonly onCreateItem: Handler;
  readonly onUpdateItem: Handler;
  readonly onDeleteItem: Handler;
  readonly onRestoreItem: Handler;
}

const ok = (): HttpResponseInit => json(200, {});

export function createToolkitRoutes(service: () => ItemService): ToolkitRoutes {
  const body = (req: HttpRequest) => readJsonObject(req, { maxBytes: MAX_LIFECYCLE_REQUEST_BYTES, allowEmpty: true });
  return {
    async onCreateItem(req, auth, scope) {
      const s = service();
      const ref = itemRefFrom(req, auth, s.registry);
      const { definition } = parseToolkitDefinitionRequest(await body(req));
      await s.create(ref, definition === undefined ? {} : { definition }, callContextFrom(auth, scope));
      return ok();
    },
    async onUpdateItem(req, auth, scope) {
      const s = service();
      const ref = itemRefFrom(req, auth, s.registry);
      const { definition } = parseToolkitDefinitionRequest(await body(req));
      await s.update(ref, definition === undefined ? {} : { definition }, callContextFrom(auth, scope));
      return ok();
    },
    async onDeleteItem(req, auth, scope) {
      const s = service();
      const ref = itemRefFrom(req, auth, s.registry);
      const { deleteType } = parseToolkitDeleteRequest(await body(req));
      await s.delete(ref, deleteType, callContextFrom(auth, scope));
      return ok();
    },
    async onRestoreItem(req, auth, scope) {
      const s = service();
      const ref = itemRefFrom(req, auth, s.registry);
      // A definition in the body is validated but not applied: restore brings back exactly what was stored.
      parseToolkitDefinitionRequest(await body(req));
      await s.restore(ref, callContextFrom(auth, scope));
      return ok();
    },
  };
}
