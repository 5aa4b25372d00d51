/** Extensibility Toolkit item lifecycle notifications: POST …/items/{itemType}/{itemId}/On{Create,Update,Delete,Restore}Item. */
import { app } from '@azure/functions';
import { handlers } from '../root';

const ITEM = 'workspaces/{workspaceId}/items/{itemType}/{itemId}';

app.http('itemOnCreate', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnCreateItem`, handler: async (request, context) => (await handlers()).itemLifecycle.onCreateItem(request, context) });
app.http('itemOnUpdate', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnUpdateItem`, handler: async (request, context) => (await handlers()).itemLifecycle.onUpdateItem(request, context) });
app.http('itemOnDelete', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnDeleteItem`, handler: async (request, context) => (await handlers()).itemLifecycle.onDeleteItem(request, context) });
app.http('itemOnRestore', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnRestoreItem`, handler: async (request, context) => (await handlers()).itemLifecycle.onRestoreItem(request, context) });
