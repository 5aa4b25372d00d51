/** Daily at 02:30 UTC: purge soft-deleted items past their retention period. */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

app.timer('purgeExpiredItems', { schedule: '0 30 2 * * *', handler: lazyHandler(async () => (await import('./handlers/item-retention.js')).purgeExpiredItems) });
