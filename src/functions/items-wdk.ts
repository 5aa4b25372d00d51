/** Workload Development Kit v1 item lifecycle: POST/PATCH/DELETE …/items/{itemType}/{itemId} and GET …/payload. */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

const ITEM = 'workspaces/{workspaceId}/items/{itemType}/{itemId}';
const handlers = () => import('./handlers/items-wdk.js');

app.http('itemCreate', { methods: ['POST'], authLevel: 'anonymous', route: ITEM, handler: lazyHandler(async () => (await handlers()).createItem) });
app.http('itemUpdate', { methods: ['PATCH'], authLevel: 'anonymous', route: ITEM, handler: lazyHandler(async () => (await handlers()).updateItem) });
app.http('itemDelete', { methods: ['DELETE'], authLevel: 'anonymous', route: ITEM, handler: lazyHandler(async () => (await handlers()).deleteItem) });
app.http('itemGetPayload', { methods: ['GET'], authLevel: 'anonymous', route: `${ITEM}/payload`, handler: lazyHandler(async () => (await handlers()).getItemPayload) });
