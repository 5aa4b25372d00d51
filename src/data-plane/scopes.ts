/**
 * Delegated scopes of the workload's Entra app that the workload frontend requests for its data-plane calls
 * (`scp` of the Bearer token). Declared per operation; any one of the listed scopes is enough. Expose both scopes on
 * the app registration ("Expose an API") and pre-authorize the Fabric frontend client for them.
 * - Item.Read.All: read item data and permissions the user has on the item;
 * - Item.ReadWrite.All: everything Read allows plus changes (so a token with only ReadWrite can also read).
 */
export const ITEM_READ_SCOPE = 'Item.Read.All';
export const ITEM_READWRITE_SCOPE = 'Item.ReadWrite.All';

export const DATA_PLANE_SCOPES = {
  /** GET …/permissions, GET …/state, GET …/{itemType}/{itemId}/reads/{read} */
  read: [ITEM_READ_SCOPE, ITEM_READWRITE_SCOPE],
  /** Changes to an item (none exposed yet; declared for the next operation). */
  write: [ITEM_READWRITE_SCOPE],
} as const;
