import { InvocationContext } from '@azure/functions';
import { purgeExpiredItemsHandler } from '../../../src/items/retention-timer';
import type { ItemService } from '../../../src/items/service';

const timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

describe('purgeExpiredItemsHandler', () => {
  it('purges through the item service', async () => {
    const purgeExpired = jest.fn().mockResolvedValue(3);
    const handler = purgeExpiredItemsHandler(() => ({ purgeExpired }) as unknown as ItemService);
    await handler(timer, new InvocationContext({ functionName: 'purgeExpiredItems', invocationId: 'i1', logHandler: () => undefined }));
    expect(purgeExpired).toHaveBeenCalledTimes(1);
  });

  it('logs a redacted failure and rethrows so the run is recorded as failed', async () => {
    const logs: unknown[][] = [];
    const handler = purgeExpiredItemsHandler(() => ({ purgeExpired: () => Promise.reject(new Error('storage down eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')) }) as unknown as ItemService);
    await expect(handler(timer, new InvocationContext({ functionName: 'p', invocationId: 'i2', logHandler: (level, ...a) => logs.push([level, ...a]) }))).rejects.toThrow('storage down');
    const text = JSON.stringify(logs);
    expect(text).toContain('Purging expired items failed');
    expect(text).not.toContain('eyJzdWIiOiJ4In0');
  });
});
