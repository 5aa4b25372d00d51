/**
 * Defers loading a function's handler module until its first invocation. Registration files (src/functions/*.ts)
 * import only @azure/functions and this, so the host indexes every function without loading the app's code:
 * a Flex Consumption instance pays for a module when a request first needs it (cold start, bench/cold-start.ts).
 */
export function lazyHandler<A extends unknown[], R>(load: () => Promise<(...args: A) => Promise<R>>): (...args: A) => Promise<R> {
  let loading: Promise<(...args: A) => Promise<R>> | undefined;
  return async (...args: A): Promise<R> => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined; // a failed load is retried by the next invocation
      throw err;
    });
    return (await loading)(...args);
  };
}
