/**
 * A probe whose result is reused for a while: concurrent callers share one run (single flight), and the result is
 * kept for `ttlMs(result)` after that run ends, so a result that is not ready yet can be re-checked sooner.
 */
import { systemClock, type Clock } from '../shared/clock';
import { SingleFlight } from '../shared/single-flight';

export interface CachedProbeOptions<T> {
  readonly ttlMs: (result: T) => number;
  readonly clock?: Clock;
}

export interface CachedProbe<T> {
  get(): Promise<T>;
}

export function cachedProbe<T>(run: () => Promise<T>, options: CachedProbeOptions<T>): CachedProbe<T> {
  const clock = options.clock ?? systemClock;
  const running = new SingleFlight<T>();
  let last: { readonly result: T; readonly expiresAt: number } | undefined;
  return {
    get() {
      if (last && clock.now() < last.expiresAt) return Promise.resolve(last.result);
      return running.run(async () => {
        const result = await run();
        last = { result, expiresAt: clock.now() + options.ttlMs(result) };
        return result;
      });
    },
  };
}
