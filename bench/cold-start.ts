/**
 * Cold start: what a fresh instance pays before its first request — the time to import the app's entry module
 * (package.json "main": dist/main.js, the bundle of src/main.ts: src/index.ts and src/functions/*.ts), with `@azure/functions-core` provided the way
 * the local host does it, compared in the same run with an app that registers one empty HTTP function
 * (bench/fixtures/empty-app.ts). Each sample is a new Node process (bench/fixtures/load-entry-points.ts); the two
 * apps alternate, and the ratio is the median of the per-pair ratios, so that machine noise hits both alike. Also
 * reports any heavy SDK loaded at import (must be none).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readPackageInfo, resolveEntryPoints } from '../devtools/host/app/entry-points';
import { PASS_THROUGH, REPO_ROOT } from '../devtools/host/child-process';
import type { EntryPointLoad } from './fixtures/load-entry-points';
import type { BenchRow } from './bench-row';

const run = promisify(execFile);
const LOADER = join(REPO_ROOT, 'dist', 'bench', 'fixtures', 'load-entry-points.js');
const EMPTY_APP = join(REPO_ROOT, 'dist', 'bench', 'fixtures', 'empty-app.js');
export const COLD_START_TARGET = 1.5;

/** A valid configuration (nothing is contacted at import), so index.js validates it exactly as in production. */
export function coldStartEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of PASS_THROUGH) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return {
    ...env,
    TENANT_ID: '0e1f2a3b-0000-4000-8000-00000000c001',
    BACKEND_APPID: '1f2a3b4c-0000-4000-8000-00000000c002',
    BACKEND_AUDIENCE: 'api://localdevinstance/0e1f2a3b-0000-4000-8000-00000000c001/Org.FabricRemoteEndpoint',
    BACKEND_CLIENT_SECRET: 'cold-start-bench',
    AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    PUBLIC_BASE_URL: 'http://127.0.0.1:7071/api',
  };
}

/** The app's entry modules, resolved from package.json "main" exactly as the host resolves them. */
export function appEntryPoints(): string[] {
  return resolveEntryPoints(readPackageInfo(REPO_ROOT).main, REPO_ROOT);
}

/** Imports the entry modules in a fresh Node process and returns what it measured. */
export async function loadInFreshProcess(files: readonly string[]): Promise<EntryPointLoad> {
  const { stdout } = await run(process.execPath, [LOADER, ...files], { cwd: REPO_ROOT, env: coldStartEnv(), timeout: 60_000 });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as EntryPointLoad;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function coldStartBench(opts: { short: boolean }): Promise<BenchRow[]> {
  const samples = opts.short ? 1 : 25;
  const app = appEntryPoints();
  const appMs: number[] = [];
  const emptyMs: number[] = [];
  let last: EntryPointLoad | undefined;
  let lastEmpty: EntryPointLoad | undefined;
  // One discarded pair warms the OS file cache, so the first sample does not pay for disk reads.
  await loadInFreshProcess([EMPTY_APP]);
  await loadInFreshProcess(app);
  for (let i = 0; i < samples; i++) {
    const empty = (lastEmpty = await loadInFreshProcess([EMPTY_APP]));
    last = await loadInFreshProcess(app);
    if (empty.functions !== 1) throw new Error(`the empty app registered ${empty.functions} functions, expected 1`);
    if (last.functions < 2) throw new Error(`the app registered ${last.functions} functions: did its entry modules load?`);
    emptyMs.push(empty.importMs);
    appMs.push(last.importMs);
  }
  const empty = median(emptyMs);
  const full = median(appMs);
  const ratio = median(appMs.map((ms, i) => ms / emptyMs[i]));
  const heavy = last!.heavy;
  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  return [
    { name: `import of an app with one empty HTTP function (median of ${samples} processes)`, value: ms(empty), ratio: 1, baseline: 'empty app' },
    {
      name: `import of this app's entry modules, ${last!.functions} functions (median of ${samples} processes)`,
      value: ms(full),
      ratio,
      baseline: 'empty app (median of per-pair ratios)',
      target: `<= ${COLD_START_TARGET}x`,
      met: ratio <= COLD_START_TARGET,
    },
    { name: 'files loaded by that import (app / packages); the empty app', value: `${last!.files.app} / ${last!.files.packages}; ${lastEmpty!.files.app} / ${lastEmpty!.files.packages}` },
    {
      name: 'heavy SDKs loaded at import (MSAL, identity, Key Vault, storage)',
      value: heavy.length === 0 ? 'none' : heavy.map((h) => `${h.package} via ${h.chain.join(' > ') || 'a dynamic import'}`).join('; '),
      target: 'none',
      met: heavy.length === 0,
    },
  ];
}
