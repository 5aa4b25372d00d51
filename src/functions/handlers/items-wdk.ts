/** Handlers of src/functions/items-wdk.ts, loaded on first use. */
import { createWdkRoutes } from '../../items/wdk-routes';
import { controlPlane, getApp } from './app';

const routes = createWdkRoutes(() => getApp().items);

export const createItem = controlPlane({ subjectToken: 'required' }, routes.createItem);
export const updateItem = controlPlane({ subjectToken: 'required' }, routes.updateItem);
export const deleteItem = controlPlane({ subjectToken: 'optional' }, routes.deleteItem);
export const getItemPayload = controlPlane({ subjectToken: 'required' }, routes.getItemPayload);
