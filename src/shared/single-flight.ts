/**
 * Single flight: concurrent callers share one call instead of each starting their own. Nothing is cached: once
 * the shared call settles, resolved or rejected, the next caller starts a fresh one.
 */

/** Single flight per key: callers with the same key share one call, different keys run independently. */
export class SingleFlightGroup<T> {
  private readonly calls = new Map<string, Promise<T>>();

  /** Joins the call in flight for `key`, or starts `fn` (a synchronous throw becomes the shared rejection). */
  run(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = this.calls.get(key);
    if (existing) return existing;
    const call = (async () => fn())().finally(() => {
      if (this.calls.get(key) === call) this.calls.delete(key);
    });
    this.calls.set(key, call);
    return call;
  }

  /** The call in flight for `key`, if any. */
  current(key: string): Promise<T> | undefined {
    return this.calls.get(key);
  }

  /** How many keys have a call in flight. */
  get size(): number {
    return this.calls.size;
  }
}

/** One shared call at a time. */
export class SingleFlight<T> {
  private readonly group = new SingleFlightGroup<T>();

  /** Joins the call in flight, or starts `fn`. */
  run(fn: () => Promise<T>): Promise<T> {
    return this.group.run('', fn);
  }

  /** The call in flight, if any. */
  get current(): Promise<T> | undefined {
    return this.group.current('');
  }
}
