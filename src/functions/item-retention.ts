/** Daily at 02:30 UTC: purge soft-deleted items past their retention period. */
import { app } from '@azure/functions';
import { purgeExpiredItemsHandler } from '../items/retention-timer';
import { getItemService } from '../items/runtime';

app.timer('purgeExpiredItems', { schedule: '0 30 2 * * *', handler: purgeExpiredItemsHandler(getItemService) });
