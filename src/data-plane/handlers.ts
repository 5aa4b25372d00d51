/**
 * Data-plane operations for the workload frontend (Bearer token, validated by the dataPlane pre-handler):
 * - GET workspaces/{workspaceId}/items/{itemId}/permissions → { permissions, workspaceId, itemId }
 * - GET workspaces/{workspaceId}/items/{itemId}/state → the item as stored, after Fabric confirms `Read`.
 * The tenant always comes from the validated token, never from the request.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DataPlaneAuthContext } from '../auth/inbound/context';
import type { FabricApiClient } from '../fabric-api/client';
import { InvalidRequestError, NotFoundError } from '../fabric/errors';
import { json } from '../http/respond';
import type { RequestScope } from '../http/handler';
import type { StoredItem } from '../catalog/item';
import { permissionsOf, requirePermissions } from './permissions';
import { GUID } from '../fabric/guid';

export interface DataPlaneDeps {
  readonly fabric: () => FabricApiClient;
  readonly items: () => { get(tenantId: string, workspaceId: string, itemId: string): Promise<StoredItem | undefined> };
}


function itemRoute(req: HttpRequest): { workspaceId: string; itemId: string } {
  const workspaceId = req.params.workspaceId ?? '';
  const itemId = req.params.itemId ?? '';
  if (!GUID.test(workspaceId)) throw new InvalidRequestError('workspaceId must be a GUID', { errorCode: 'InvalidWorkspaceId' });
  if (!GUID.test(itemId)) throw new InvalidRequestError('itemId must be a GUID', { errorCode: 'InvalidItemId' });
  return { workspaceId: workspaceId.toLowerCase(), itemId: itemId.toLowerCase() };
}

export function getItemPermissions(deps: DataPlaneDeps) {
  return async (req: HttpRequest, auth: DataPlaneAuthContext, _scope: RequestScope): Promise<HttpResponseInit> => {
    const { workspaceId, itemId } = itemRoute(req);
    const permissions = await permissionsOf(deps.fabric(), auth, workspaceId, itemId);
    return json(200, { permissions, workspaceId, itemId }, { headers: { 'Cache-Control': 'no-store' } });
  };
}

export function getItemState(deps: DataPlaneDeps) {
  return async (req: HttpRequest, auth: DataPlaneAuthContext, _scope: RequestScope): Promise<HttpResponseInit> => {
    const { workspaceId, itemId } = itemRoute(req);
    // Ask Fabric first: whether the item exists in our store is not revealed to users without Read.
    requirePermissions(await permissionsOf(deps.fabric(), auth, workspaceId, itemId), ['Read']);
    const item = await deps.items().get(auth.tenantId, workspaceId, itemId);
    if (!item || item.deletedAt) throw new NotFoundError('The item has no stored state', { errorCode: 'ItemNotFound' });
    return json(200, itemState(item), { headers: { 'Cache-Control': 'no-store' } });
  };
}

/** What the frontend sees of a stored item (no internal bookkeeping). */
export function itemState(item: StoredItem): Record<string, unknown> {
  return {
    workspaceId: item.key.workspaceId,
    itemId: item.key.itemId,
    itemType: item.itemType,
    ...(item.displayName !== undefined ? { displayName: item.displayName } : {}),
    ...(item.description !== undefined ? { description: item.description } : {}),
    ...(item.payload !== undefined ? { payload: item.payload } : {}),
    ...(item.definition !== undefined ? { definition: item.definition } : {}),
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}
