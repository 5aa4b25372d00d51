/** Data plane for the workload frontend (Bearer). Logic: src/data-plane; authentication: src/auth/inbound. */
import { app } from '@azure/functions';
import { dataPlane } from '../auth/inbound';
import { DATA_PLANE_SCOPES, getItemPermissions, getItemState } from '../data-plane';
import { getFabricApiClient } from '../fabric-api';
import { getItemService } from '../items/runtime';

const deps = { fabric: getFabricApiClient, items: getItemService };

app.http('dataPlaneItemPermissions', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemId}/permissions', handler: dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemPermissions(deps)) });
app.http('dataPlaneItemState', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemId}/state', handler: dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemState(deps)) });
