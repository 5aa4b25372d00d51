/**
 * THE list of item types this workload serves. Add a type: write it with defineItemType (see calculator/) and list
 * it here. Its full name is `<WORKLOAD_NAME>.<name>` and must match the item manifest.
 */
import type { ItemTypeSpec } from '../catalog';
import { calculatorItemType } from './calculator/item-type';

export const ITEM_TYPES: readonly ItemTypeSpec[] = [calculatorItemType];
