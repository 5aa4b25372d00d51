/**
 * A probe whose result is reused for a while: concurrent callers share one run (single flight), and the result is
 * kept for `ttlMs(result)` after that run ends, so a result that is not ready yet can be re-checked sooner.
 */
export interface CachedProbeOptions<T> {
  readonly ttlMs: (result: T) => number;
  readonly now?: () => number;
}

export interface CachedProbe<T> {
  get(): Promise<T>;
}

export function cachedProbe<T>(run: () => Promise<T>, options: CachedProbeOptions<T>): CachedProbe<T> {
  const now = options.now ?? Date.now;
  let last: { readonly result: T; readonly expiresAt: number } | undefined;
  let inflight: Promise<T> | undefined;
  return {
    get() {
      if (last && now() < last.expiresAt) return Promise.resolve(last.result);
      inflight ??= (async () => {
        try {
          const result = await run();
          last = { result, expiresAt: now() + options.ttlMs(result) };
          return result;
        } finally {
          inflight = undefined;
        }
      })();
      return inflight;
    },
  };
}
