/**
 * Defers loading a function's handler module until its first invocation. Registration files (src/functions/*.ts)
 * import only @azure/functions and this, so the host indexes every function without loading the app's code:
 * a Flex Consumption instance pays for a module when a request first needs it (cold start, bench/cold-start.ts).
 */
import { lazy } from '../shared/lazy';

export function lazyHandler<A extends unknown[], R>(load: () => Promise<(...args: A) => Promise<R>>): (...args: A) => Promise<R> {
  const handler = lazy(load); // a failed load is retried by the next invocation
  return async (...args: A): Promise<R> => (await handler())(...args);
}
