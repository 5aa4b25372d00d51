import { getConfig } from '../config/runtime';
import { ITEM_TYPES } from './item-types';
import { createItemTypeRegistry, type ItemTypeRegistry } from '../catalog/registry';

let cached: ItemTypeRegistry | undefined;

/** The process's registry: ITEM_TYPES under getConfig().workloadName. */
export function getItemTypeRegistry(): ItemTypeRegistry {
  cached ??= createItemTypeRegistry(getConfig().workloadName, ITEM_TYPES);
  return cached;
}
