/**
 * What an item type declares to serve a data-plane read:
 * `GET workspaces/{workspaceId}/items/{itemType}/{itemId}/reads/{name}`, called by the workload frontend with a Bearer
 * token (scope Item.Read.All or Item.ReadWrite.All). The data-plane service does the rest the same way for every
 * type: it asks Fabric for the caller's permissions on the item (Read and the declared ones), loads the item from the
 * caller's tenant, and answers the read's JSON with 200.
 */
import type { Logger } from '../observability/logger';
import type { JsonValue, StoredItem } from './item';

/** Fabric's item permissions (ResolvePermissions values). */
export const ITEM_PERMISSIONS = ['Read', 'Write', 'Execute', 'Reshare', 'Explore'] as const;
export type ItemPermission = (typeof ITEM_PERMISSIONS)[number] | (string & Record<never, never>);

/** What a read gets besides the item. */
export interface ItemReadContext {
  /** The caller, from the validated Bearer token; the item is in this tenant. */
  readonly tenantId: string;
  readonly userObjectId: string;
  /** The request's query string: the caller's input, check it (throw InvalidRequestError for a 400). */
  readonly query: URLSearchParams;
  readonly log: Logger;
}

export interface ItemReadDeclaration {
  /** Permissions the caller needs on the item besides `Read` (always required), e.g. `['Write']`. */
  readonly permissions?: readonly ItemPermission[];
  /**
   * The answer for a stored (not deleted) item of this type. Throw a FabricError for another status. The answer is
   * sent to the user: no tokens or secrets.
   */
  read(item: StoredItem, context: ItemReadContext): JsonValue | Promise<JsonValue>;
}
