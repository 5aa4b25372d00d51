/** Data plane (workload frontend → backend, Bearer): the caller's permissions on an item, the item's stored state, and the reads item types declare. */
import { app } from '@azure/functions';
import { handlers } from '../root';

app.http('dataPlaneItemPermissions', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemId}/permissions', handler: async (request, context) => (await handlers()).itemData.permissions(request, context) });
app.http('dataPlaneItemState', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemId}/state', handler: async (request, context) => (await handlers()).itemData.state(request, context) });
app.http('dataPlaneItemRead', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemType}/{itemId}/reads/{read}', handler: async (request, context) => (await handlers()).itemData.read(request, context) });
