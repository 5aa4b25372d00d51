/**
 * The benchmark modules, in report order. Each is loaded only in the process that runs it (bench/run-module.ts), so
 * one module's code and heap (autocannon, the MS-docs baseline's libraries, host clients) never weigh on another's
 * figures: importing the other modules first measurably lowered the auth ratios (≈ 0.47x instead of ≈ 0.50x).
 */
import type { BenchRow } from './bench-row';

export interface BenchModule {
  readonly name: string;
  load(): Promise<(opts: { short: boolean }) => Promise<BenchRow[]>>;
}

export const MODULES: readonly BenchModule[] = [
  { name: 'auth', load: async () => (await import('./auth.js')).authBench },
  { name: 'auth vs MS docs', load: async () => (await import('./auth-baseline-msdocs.js')).msDocsBaselineBench },
  { name: 'cold start', load: async () => (await import('./cold-start.js')).coldStartBench },
  { name: 'e2e', load: async () => (await import('./e2e.js')).e2eBench },
  { name: 'token module', load: async () => (await import('./token-module.js')).tokenModuleBench },
  { name: 'sandbox', load: async () => (await import('./sandbox-start.js')).sandboxStartBench },
  { name: 'watch mode', load: async () => (await import('./watch-reload.js')).watchReloadBench },
];
