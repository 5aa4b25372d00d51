/**
 * Cold start: importing the app's entry modules (package.json "main", as the Functions worker and the local host do)
 * must not load MSAL, @azure/identity, Key Vault or the storage SDKs; they load on first use. Checked in a fresh Node
 * process on the compiled app (dist/), with `@azure/functions-core` provided as the local host provides it.
 * Fails, naming the require chain, when someone adds a top-level import of a heavy SDK anywhere under the entry modules.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../../devtools/host/child-process';
import { appEntryPoints, loadInFreshProcess } from '../../bench/cold-start';
import { HEAVY_PACKAGES } from '../../bench/fixtures/load-entry-points';

it('importing the entry modules loads none of the heavy SDKs', async () => {
  const loaded = await loadInFreshProcess(appEntryPoints());
  expect(loaded.functions).toBeGreaterThan(10);
  expect(loaded.heavy.map((h) => `${h.package} via ${h.chain.join(' > ') || 'a dynamic import started at import time'}`)).toEqual([]);
}, 30_000);

it('the check sees a top-level import of a heavy SDK and names the file that made it', async () => {
  const fixture = join(REPO_ROOT, 'dist', 'test', 'resilience', 'fixtures', 'eager-storage-app.js');
  const loaded = await loadInFreshProcess([fixture]);
  expect(HEAVY_PACKAGES).toContain('@azure/data-tables');
  expect(loaded.heavy).toEqual([{ package: '@azure/data-tables', chain: [expect.stringMatching(/eager-storage-app\.js$/), expect.stringMatching(/node_modules\/@azure\/data-tables\//)] }]);
}, 30_000);
