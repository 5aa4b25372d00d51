/**
 * The caller's permissions on an item, as Fabric's ResolvePermissions reports them, and the check operations use.
 * The data plane is not verified by Fabric: every operation on an item asks Fabric first (cached briefly).
 */
import type { DataPlaneAuthContext } from '../auth/inbound/context';
import type { FabricApiClient } from '../fabric-api/client';
import { AccessDeniedError } from '../fabric-api/errors';
import type { ItemPermission } from '../catalog/item-read';

export type { ItemPermission };

export function permissionsOf(fabric: FabricApiClient, auth: DataPlaneAuthContext, workspaceId: string, itemId: string): Promise<readonly string[]> {
  return fabric.resolvePermissions(workspaceId, itemId, { tenantId: auth.tenantId, userObjectId: auth.user.oid, subjectToken: auth.token });
}

/** Throws 403 AccessDenied unless every required permission was granted (case-insensitive, as Fabric's names vary in case). */
export function requirePermissions(granted: readonly string[], required: readonly ItemPermission[]): void {
  const have = new Set(granted.map((p) => p.toLowerCase()));
  const missing = required.filter((p) => !have.has(p.toLowerCase()));
  if (missing.length > 0) throw new AccessDeniedError(missing);
}
