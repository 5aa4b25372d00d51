/** Handlers of src/functions/items-wdk.ts, loaded on first use. */
import { controlPlane } from '../../auth/inbound/pre-handlers';
import { getItemService } from '../../items/runtime';
import { createWdkRoutes } from '../../items/wdk-routes';

const routes = createWdkRoutes(getItemService);

export const createItem = controlPlane({ subjectToken: 'required' }, routes.createItem);
export const updateItem = controlPlane({ subjectToken: 'required' }, routes.updateItem);
export const deleteItem = controlPlane({ subjectToken: 'optional' }, routes.deleteItem);
export const getItemPayload = controlPlane({ subjectToken: 'required' }, routes.getItemPayload);
