import { lazy } from '../../../src/shared/lazy';

describe('lazy', () => {
  it('makes the value on first use, once for concurrent callers, and keeps it', async () => {
    let makes = 0;
    const get = lazy(async () => ({ n: ++makes }));
    expect(makes).toBe(0);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(makes).toBe(1);
  });

  it('forgets a failure: every waiter sees it, the next call makes again', async () => {
    let makes = 0;
    const get = lazy(async () => {
      makes++;
      if (makes === 1) throw new Error('not ready');
      return 'ready';
    });
    const first = [get(), get()];
    await expect(first[0]).rejects.toThrow('not ready');
    await expect(first[1]).rejects.toThrow('not ready');
    expect(await get()).toBe('ready');
    expect(await get()).toBe('ready');
    expect(makes).toBe(2);
  });

  it('turns a synchronous throw into a rejection that is not kept', async () => {
    let fail = true;
    const get = lazy(() => {
      if (fail) throw new Error('sync');
      return Promise.resolve(1);
    });
    await expect(get()).rejects.toThrow('sync');
    fail = false;
    expect(await get()).toBe(1);
  });
});
