/**
 * Data-plane operations for the workload frontend (Bearer token, validated by the dataPlane pre-handler):
 * - GET workspaces/{workspaceId}/items/{itemId}/permissions → { permissions, workspaceId, itemId }
 * - GET workspaces/{workspaceId}/items/{itemId}/state → the item as stored, after Fabric confirms `Read`.
 * - GET workspaces/{workspaceId}/items/{itemType}/{itemId}/reads/{read} → a read the item type declares
 *   (catalog/item-read.ts), after Fabric confirms `Read` and the read's own permissions.
 * The tenant always comes from the validated token, never from the request.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { DataPlaneAuthContext } from '../auth/inbound/context';
import type { FabricApiClient } from '../fabric-api/client';
import { InvalidRequestError, NotFoundError } from '../fabric/errors';
import { json } from '../http/respond';
import type { RequestScope } from '../http/handler';
import type { StoredItem } from '../catalog/item';
import type { ItemTypeRegistry } from '../catalog/registry';
import { permissionsOf, requirePermissions, type ItemPermission } from './permissions';
import { GUID } from '../fabric/guid';

export interface DataPlaneDeps {
  readonly fabric: () => FabricApiClient;
  readonly items: () => { get(tenantId: string, workspaceId: string, itemId: string): Promise<StoredItem | undefined> };
  /** The item types, for their declared reads. */
  readonly registry: () => ItemTypeRegistry;
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

/** The stored item, after Fabric confirmed the caller has the `required` permissions on it. */
async function readableItem(deps: DataPlaneDeps, auth: DataPlaneAuthContext, route: { workspaceId: string; itemId: string }, required: readonly ItemPermission[]): Promise<StoredItem> {
  // Ask Fabric first: whether the item exists in our store is not revealed to users without the permissions.
  requirePermissions(await permissionsOf(deps.fabric(), auth, route.workspaceId, route.itemId), required);
  const item = await deps.items().get(auth.tenantId, route.workspaceId, route.itemId);
  if (!item || item.deletedAt) throw new NotFoundError('The item has no stored state', { errorCode: 'ItemNotFound' });
  return item;
}

export function getItemState(deps: DataPlaneDeps) {
  return async (req: HttpRequest, auth: DataPlaneAuthContext, _scope: RequestScope): Promise<HttpResponseInit> => {
    const item = await readableItem(deps, auth, itemRoute(req), ['Read']);
    return json(200, itemState(item), { headers: { 'Cache-Control': 'no-store' } });
  };
}

/** Serves the reads item types declare (`reads` of defineItemType), the same way for every type. */
export function getItemRead(deps: DataPlaneDeps) {
  return async (req: HttpRequest, auth: DataPlaneAuthContext, scope: RequestScope): Promise<HttpResponseInit> => {
    const route = itemRoute(req);
    const type = deps.registry().require(req.params.itemType ?? '');
    const reads = type.spec.reads ?? {};
    const name = req.params.read ?? '';
    const declared = Object.hasOwn(reads, name) ? reads[name] : undefined;
    if (!declared) throw new NotFoundError(`Item type ${type.fullName} has no read of this name`, { errorCode: 'UnknownRead' });
    const item = await readableItem(deps, auth, route, ['Read', ...(declared.permissions ?? [])]);
    if (item.itemType !== type.fullName) throw new NotFoundError('The item has no stored state', { errorCode: 'ItemNotFound' });
    const answer = await declared.read(item, { tenantId: auth.tenantId, userObjectId: auth.user.oid, query: req.query, log: scope.log });
    return json(200, answer, { headers: { 'Cache-Control': 'no-store' } });
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
