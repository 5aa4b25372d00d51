/** Handlers of src/functions/item-lifecycle.ts, loaded on first use. */
import { controlPlane } from '../../auth/inbound/pre-handlers';
import { getItemService } from '../../items/runtime';
import { createToolkitRoutes } from '../../items/toolkit-routes';

const routes = createToolkitRoutes(getItemService);

export const onCreateItem = controlPlane({ subjectToken: 'required' }, routes.onCreateItem);
export const onUpdateItem = controlPlane({ subjectToken: 'required' }, routes.onUpdateItem);
export const onDeleteItem = controlPlane({ subjectToken: 'optional' }, routes.onDeleteItem);
export const onRestoreItem = controlPlane({ subjectToken: 'optional' }, routes.onRestoreItem);
