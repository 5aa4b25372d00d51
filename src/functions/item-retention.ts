/** Daily at 02:30 UTC: purge soft-deleted items past their retention period. */
import { app } from '@azure/functions';
import { handlers } from '../root';

app.timer('purgeExpiredItems', { schedule: '0 30 2 * * *', handler: async (timer, context) => (await handlers()).purgeExpiredItems(timer, context) });
