/** Handler of src/functions/item-retention.ts, loaded on first use. */
import { purgeExpiredItemsHandler } from '../../items/retention-timer';
import { getItemService } from '../../items/runtime';

export const purgeExpiredItems = purgeExpiredItemsHandler(getItemService);
