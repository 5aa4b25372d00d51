/** Handlers of src/functions/data-plane.ts, loaded on first use. */
import { dataPlane } from '../../auth/inbound';
import { DATA_PLANE_SCOPES, getItemPermissions, getItemState } from '../../data-plane';
import { getFabricApiClient } from '../../fabric-api';
import { getItemService } from '../../items/runtime';

const deps = { fabric: getFabricApiClient, items: getItemService };

export const itemPermissions = dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemPermissions(deps));
export const itemState = dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemState(deps));
