/** Handlers of src/functions/data-plane.ts, loaded on first use. */
import { DATA_PLANE_SCOPES, getItemPermissions, getItemRead, getItemState } from '../../data-plane';
import { dataPlane, getApp } from './app';

const deps = { fabric: () => getApp().fabricApi, items: () => getApp().items, registry: () => getApp().registry };

export const itemPermissions = dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemPermissions(deps));
export const itemState = dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemState(deps));
export const itemRead = dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemRead(deps));
