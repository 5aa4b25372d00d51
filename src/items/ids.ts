/** Route ids: GUIDs, normalised to lower case. Pure. */
import { InvalidRequestError } from '../fabric/errors';
import type { ItemKey } from '../catalog/item';
import { GUID } from '../fabric/guid';


export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** The GUID in lower case, or a 400 naming the parameter (the value itself is not echoed). */
export function parseGuid(value: unknown, name: string): string {
  if (!isGuid(value)) throw new InvalidRequestError(`${name} must be a GUID`, { errorCode: 'InvalidParameter' });
  return value.toLowerCase();
}

export function itemKey(tenantId: unknown, workspaceId: unknown, itemId: unknown): ItemKey {
  return { tenantId: parseGuid(tenantId, 'tenantId'), workspaceId: parseGuid(workspaceId, 'workspaceId'), itemId: parseGuid(itemId, 'itemId') };
}

/** Table keys: PartitionKey = tenant, RowKey = `<workspaceId>_<itemId>`. */
export function itemRowKey(key: ItemKey): string {
  return `${key.workspaceId}_${key.itemId}`;
}
