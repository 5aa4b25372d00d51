export { defineItemType, createItemTypeRegistry, MAX_JOB_TYPE_LENGTH } from './registry';
export type { ItemTypeSpec, ItemTypeRegistry, RegisteredItemType, RegisteredJobType, ItemHookContext } from './registry';
export type { JobDeclaration, JobHandler, JobRunContext } from './jobs';
export { UnknownItemTypeError } from './errors';
export { ITEM_TYPES } from './item-types';
export { getItemTypeRegistry } from './runtime';
