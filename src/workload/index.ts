/** This workload's own item types (the Calculator) and the list of them; the contracts are in src/catalog. */
export { ITEM_TYPES } from './item-types';
export { calculatorItemType } from './calculator';
