/** Items: the lifecycle service shared by both contract generations, its store and validation. See docs/items.md. */
export { ItemService, DEFAULT_MAX_UPDATE_ATTEMPTS } from './service';
export type { ItemServiceDeps, ItemRef, ItemCallContext, ItemChange } from './service';
export { TableItemStore, ITEMS_TABLE } from './store';
export type { ItemStore, StoredItemRecord } from './store';
export { parseItemDefinition } from './definition';
export { ItemNotFoundError, ItemAlreadyExistsError, ItemNotRestorableError, ItemTypeMismatchError, ItemUpdateConflictError } from './errors';
export { itemKey, parseGuid, isGuid } from './ids';
export type { ItemPatch, NewItemContent } from './requests';
export { createToolkitRoutes } from './toolkit-routes';
export { createWdkRoutes } from './wdk-routes';
