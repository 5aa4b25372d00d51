/** Extensibility Toolkit item lifecycle notifications: POST …/items/{itemType}/{itemId}/On{Create,Update,Delete,Restore}Item. */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

const ITEM = 'workspaces/{workspaceId}/items/{itemType}/{itemId}';
const handlers = () => import('./handlers/item-lifecycle.js');

app.http('itemOnCreate', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnCreateItem`, handler: lazyHandler(async () => (await handlers()).onCreateItem) });
app.http('itemOnUpdate', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnUpdateItem`, handler: lazyHandler(async () => (await handlers()).onUpdateItem) });
app.http('itemOnDelete', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnDeleteItem`, handler: lazyHandler(async () => (await handlers()).onDeleteItem) });
app.http('itemOnRestore', { methods: ['POST'], authLevel: 'anonymous', route: `${ITEM}/OnRestoreItem`, handler: lazyHandler(async () => (await handlers()).onRestoreItem) });
