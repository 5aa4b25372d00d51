/**
 * Timer handler that hard-deletes soft-deleted items whose retention (SOFT_DELETE_RETENTION_DAYS) has passed,
 * with their job records. Restore already refuses expired items; this keeps storage from growing forever.
 */
import type { InvocationContext, Timer } from '@azure/functions';
import { createLogger, describeError } from '../observability/logger';
import type { ItemService } from './service';

export function purgeExpiredItemsHandler(service: () => ItemService) {
  return async (_timer: Timer, ctx: InvocationContext): Promise<void> => {
    const log = createLogger(ctx, { invocationId: ctx.invocationId });
    try {
      await service().purgeExpired({ log });
    } catch (err) {
      // Logged and rethrown so the host records a failed run; the next schedule tries again.
      log.error('Purging expired items failed', { cause: describeError(err) });
      throw err;
    }
  };
}
