/** Workload Development Kit v1 item lifecycle: POST/PATCH/DELETE …/items/{itemType}/{itemId} and GET …/payload. */
import { app } from '@azure/functions';
import { handlers } from '../root';

const ITEM = 'workspaces/{workspaceId}/items/{itemType}/{itemId}';

app.http('itemCreate', { methods: ['POST'], authLevel: 'anonymous', route: ITEM, handler: async (request, context) => (await handlers()).itemsWdk.createItem(request, context) });
app.http('itemUpdate', { methods: ['PATCH'], authLevel: 'anonymous', route: ITEM, handler: async (request, context) => (await handlers()).itemsWdk.updateItem(request, context) });
app.http('itemDelete', { methods: ['DELETE'], authLevel: 'anonymous', route: ITEM, handler: async (request, context) => (await handlers()).itemsWdk.deleteItem(request, context) });
app.http('itemGetPayload', { methods: ['GET'], authLevel: 'anonymous', route: `${ITEM}/payload`, handler: async (request, context) => (await handlers()).itemsWdk.getItemPayload(request, context) });
