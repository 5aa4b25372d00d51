/**
 * The local host restarts its app in place (what `npm run dev`'s watch mode asks after a rebuild): a new worker
 * loads the app from disk and its functions are indexed again, on the same port; a request arriving meanwhile waits
 * for the new app. An app that fails to load is reported and the next reload recovers. The worker's Node options
 * come from languageWorkers__node__arguments, as with the Functions host (how a debugger attaches).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startHost, type RunningHost } from '../../support/host';

/** Inside the repository, so that the app resolves @azure/functions from its node_modules. */
const appDir = (() => {
  mkdirSync(join(REPO_ROOT, '.cache'), { recursive: true });
  return mkdtempSync(join(REPO_ROOT, '.cache', 'host-reload-'));
})();

function writeApp(body: string, extraRoute?: string): void {
  const routes = [`app.http('hello', { route: 'hello', methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: ${JSON.stringify(body)} }) });`];
  if (extraRoute) routes.push(`app.http('extra', { route: ${JSON.stringify(extraRoute)}, methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: 'extra' }) });`);
  writeFileSync(join(appDir, 'app.js'), `const { app } = require('@azure/functions');\n${routes.join('\n')}\n`);
}

describe('local host: restarting the app in place', () => {
  let host: RunningHost;
  const text = async (path: string) => {
    const res = await fetch(`${host.baseUrl}${path}`);
    return `${res.status} ${await res.text()}`;
  };

  beforeAll(async () => {
    writeFileSync(join(appDir, 'host.json'), JSON.stringify({ version: '2.0', extensions: { http: { routePrefix: 'api' } } }));
    writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'reload-app', main: 'app.js' }));
    writeApp('v1');
    host = await startHost({ languageWorkers__node__arguments: '--inspect=127.0.0.1:0' }, { scriptRoot: appDir });
  });
  afterAll(async () => {
    await host?.stop();
    rmSync(appDir, { recursive: true, force: true });
  });

  it('starts the worker with the languageWorkers__node__arguments Node options (--inspect here)', () => {
    expect(host.logs()).toMatch(/Debugger listening on ws:\/\/127\.0\.0\.1:\d+\//);
  });

  it('serves the changed code and a new route after reload(), on the same port', async () => {
    expect(await text('/hello')).toBe('200 v1');
    writeApp('v2', 'added');
    await host.reload();
    expect(await text('/hello')).toBe('200 v2');
    expect(await text('/added')).toBe('200 extra');
    expect(host.logs()).toContain('extra: [GET] ');
  });

  it('lets a request that arrives during the restart wait for the new app instead of failing it', async () => {
    writeApp('v3');
    const reloaded = host.reload();
    const during = text('/hello');
    await reloaded;
    expect(await during).toMatch(/^200 v[23]$/);
    expect(await text('/hello')).toBe('200 v3');
  });

  it('reports an app that fails to load, answers 503 meanwhile, and recovers on the next reload', async () => {
    writeFileSync(join(appDir, 'app.js'), 'throw new Error("broken on purpose");\n');
    await expect(host.reload()).rejects.toThrow(/broken on purpose/);
    expect(await text('/hello')).toMatch(/^503 /);
    writeApp('v4');
    await host.reload();
    expect(await text('/hello')).toBe('200 v4');
  });
});
