/** Handler of src/functions/item-retention.ts, loaded on first use. */
import { purgeExpiredItemsHandler } from '../../items/retention-timer';
import { getApp } from './app';

export const purgeExpiredItems = purgeExpiredItemsHandler(() => getApp().items);
