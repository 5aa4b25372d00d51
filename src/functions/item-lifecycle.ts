/** Extensibility Toolkit item lifecycle notifications: POST …/items/{itemType}/{itemId}/On{Create,Update,Delete,Restore}Item. */
import { app } from '@azure/functions';
import { controlPlane } from '../auth/inbound/pre-handlers';
import { getItemService } from '../items/runtime';
import { createToolkitRoutes } from '../items/toolkit-routes';

const ITEM = 'workspaces/{workspaceId}/items/{itemType}/{itemId}';
const routes = createToolkitRoutes(getItemService);

app.http('itemOnCreate', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnCreateItem`, handler: controlPlane({ subjectToken: 'required' }, routes.onCreateItem) });
app.http('itemOnUpdate', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnUpdateItem`, handler: controlPlane({ subjectToken: 'required' }, routes.onUpdateItem) });
app.http('itemOnDelete', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnDeleteItem`, handler: controlPlane({ subjectToken: 'optional' }, routes.onDeleteItem) });
app.http('itemOnRestore', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnRestoreItem`, handler: controlPlane({ subjectToken: 'optional' }, routes.onRestoreItem) });
