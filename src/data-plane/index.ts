export { getItemPermissions, getItemRead, getItemState, itemState } from './handlers';
export type { DataPlaneDeps } from './handlers';
export { permissionsOf, requirePermissions } from './permissions';
export type { ItemPermission } from './permissions';
export { DATA_PLANE_SCOPES, ITEM_READ_SCOPE, ITEM_READWRITE_SCOPE } from './scopes';
