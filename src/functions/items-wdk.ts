/** Workload Development Kit v1 item lifecycle: POST/PATCH/DELETE …/items/{itemType}/{itemId} and GET …/payload. */
import { app } from '@azure/functions';
import { controlPlane } from '../auth/inbound/pre-handlers';
import { getItemService } from '../items/runtime';
import { createWdkRoutes } from '../items/wdk-routes';

const ITEM = 'workspaces/{workspaceId}/items/{itemType}/{itemId}';
const routes = createWdkRoutes(getItemService);

app.http('itemCreate', { methods: ['POST'], authLevel: 'anonymous', route: ITEM, handler: controlPlane({ subjectToken: 'required' }, routes.createItem) });
app.http('itemUpdate', { methods: ['PATCH'], authLevel: 'anonymous', route: ITEM, handler: controlPlane({ subjectToken: 'required' }, routes.updateItem) });
app.http('itemDelete', { methods: ['DELETE'], authLevel: 'anonymous', route: ITEM, handler: controlPlane({ subjectToken: 'optional' }, routes.deleteItem) });
app.http('itemGetPayload', { methods: ['GET'], authLevel: 'anonymous', route: `${ITEM}/payload`, handler: controlPlane({ subjectToken: 'required' }, routes.getItemPayload) });
