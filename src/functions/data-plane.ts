/** Data plane (workload frontend → backend, Bearer): the caller's permissions on an item, the item's stored state, and the reads item types declare. */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

const handlers = () => import('./handlers/data-plane.js');

app.http('dataPlaneItemPermissions', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemId}/permissions', handler: lazyHandler(async () => (await handlers()).itemPermissions) });
app.http('dataPlaneItemState', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemId}/state', handler: lazyHandler(async () => (await handlers()).itemState) });
app.http('dataPlaneItemRead', { methods: ['GET'], authLevel: 'anonymous', route: 'workspaces/{workspaceId}/items/{itemType}/{itemId}/reads/{read}', handler: lazyHandler(async () => (await handlers()).itemRead) });
