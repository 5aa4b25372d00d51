/**
 * The one lazy seam between the function files and the app: `handlers()` loads src/handlers.ts (and with it
 * src/app.ts and everything below) on the first invocation, so importing package.json "main" registers every function
 * without loading the app's code (cold start, bench/cold-start.ts). The build bundles that graph apart, as
 * dist/handlers.js beside dist/main.js, which is where this import finds it (and dist/src/handlers.js beside tsc's
 * dist/src/root.js). A failed load is retried by the next invocation.
 */
import { lazy } from './shared/lazy';

export const handlers = lazy(async () => import('./handlers.js'));
