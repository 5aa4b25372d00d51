/** What every lifecycle route reads first: the item reference (route params + authenticated tenant) and the actor. */
import type { HttpRequest } from '@azure/functions';
import type { ControlPlaneAuthContext } from '../auth/inbound/context';
import type { RequestScope } from '../http/handler';
import type { ItemTypeRegistry } from '../catalog/registry';
import { itemKey } from './ids';
import type { ItemCallContext, ItemRef } from './service';

/** workspaceId and itemId must be GUIDs (400), itemType a registered type (400). The tenant is the caller's, never the body's. */
export function itemRefFrom(req: HttpRequest, auth: ControlPlaneAuthContext, registry: ItemTypeRegistry): ItemRef {
  const key = itemKey(auth.tenantId, req.params.workspaceId, req.params.itemId);
  return { key, itemType: registry.require(req.params.itemType ?? '') };
}

export function callContextFrom(auth: ControlPlaneAuthContext, scope: RequestScope): ItemCallContext {
  const user = auth.user;
  return { actor: user ? (user.name === undefined ? { oid: user.oid } : { oid: user.oid, name: user.name }) : undefined, log: scope.log };
}
