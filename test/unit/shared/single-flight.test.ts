import { SingleFlight, SingleFlightGroup } from '../../../src/shared/single-flight';

/** A call the test settles by hand. */
function gate<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('lets concurrent callers share one call', async () => {
    const flight = new SingleFlight<number>();
    const g = gate<number>();
    let calls = 0;
    const fn = () => {
      calls++;
      return g.promise;
    };
    const a = flight.run(fn);
    const b = flight.run(fn);
    expect(flight.current).toBe(a);
    expect(b).toBe(a);
    g.resolve(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(calls).toBe(1);
  });

  it('starts a fresh call once the shared one has settled', async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    const fn = async () => ++calls;
    expect(await flight.run(fn)).toBe(1);
    expect(flight.current).toBeUndefined();
    expect(await flight.run(fn)).toBe(2);
    expect(calls).toBe(2);
  });

  it('does not cache a failure: every waiter sees it, the next call starts over', async () => {
    const flight = new SingleFlight<string>();
    const g = gate<string>();
    const a = flight.run(() => g.promise);
    const b = flight.run(async () => 'never started');
    g.reject(new Error('boom'));
    await expect(a).rejects.toThrow('boom');
    await expect(b).rejects.toThrow('boom');
    expect(flight.current).toBeUndefined();
    await expect(flight.run(async () => 'ok')).resolves.toBe('ok');
  });

  it('turns a synchronous throw into the shared rejection and keeps nothing', async () => {
    const flight = new SingleFlight<string>();
    await expect(
      flight.run(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flight.current).toBeUndefined();
    await expect(flight.run(async () => 'after')).resolves.toBe('after');
  });
});

describe('SingleFlightGroup', () => {
  it('shares a call per key and runs different keys independently', async () => {
    const group = new SingleFlightGroup<string>();
    const ga = gate<string>();
    const gb = gate<string>();
    const started: string[] = [];
    const a1 = group.run('a', () => (started.push('a'), ga.promise));
    const a2 = group.run('a', () => (started.push('a again'), ga.promise));
    const b = group.run('b', () => (started.push('b'), gb.promise));
    expect(started).toEqual(['a', 'b']);
    expect(group.size).toBe(2);
    gb.resolve('B');
    expect(await b).toBe('B');
    expect(group.current('b')).toBeUndefined();
    expect(group.current('a')).toBe(a1);
    ga.resolve('A');
    expect(await Promise.all([a1, a2])).toEqual(['A', 'A']);
    expect(group.size).toBe(0);
  });

  it('forgets a failed key so the next caller retries it', async () => {
    const group = new SingleFlightGroup<number>();
    await expect(group.run('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(group.size).toBe(0);
    await expect(group.run('k', async () => 1)).resolves.toBe(1);
  });
});
