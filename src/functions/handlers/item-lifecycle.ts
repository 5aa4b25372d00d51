/** Handlers of src/functions/item-lifecycle.ts, loaded on first use. */
import { createToolkitRoutes } from '../../items/toolkit-routes';
import { controlPlane, getApp } from './app';

const routes = createToolkitRoutes(() => getApp().items);

export const onCreateItem = controlPlane({ subjectToken: 'required' }, routes.onCreateItem);
export const onUpdateItem = controlPlane({ subjectToken: 'required' }, routes.onUpdateItem);
export const onDeleteItem = controlPlane({ subjectToken: 'optional' }, routes.onDeleteItem);
export const onRestoreItem = controlPlane({ subjectToken: 'optional' }, routes.onRestoreItem);
