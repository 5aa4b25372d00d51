/**
 * The local host serving a fixture app's HTTP triggers through @azure/functions' own invocation path:
 * routing as the Functions host does it (prefix, case-insensitivity, params, constraints, route order, methods),
 * responses, hooks, failures and limits.
 */
import { join } from 'node:path';
import { REPO_ROOT, startHost, type RunningHost } from '../../support/host';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'host-app');
const HTTP_APP_MAIN = join(REPO_ROOT, 'dist', 'test', 'fixtures', 'host-app', 'http-app', '*.js');

interface Echo {
  function: string;
  method: string;
  url: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

describe('local host: HTTP triggers', () => {
  let host: RunningHost;
  const get = (path: string, init?: RequestInit) => fetch(`${host.baseUrl}${path}`, init);
  const echo = async (path: string, init?: RequestInit): Promise<Echo> => {
    const res = await get(path, init);
    expect(res.status).toBe(200);
    return (await res.json()) as Echo;
  };

  beforeAll(async () => {
    host = await startHost({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1024' }, { scriptRoot: join(FIXTURES, 'http-app'), main: HTTP_APP_MAIN });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('prints exactly one ready line with the route prefix, on 127.0.0.1', () => {
    expect(host.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(host.logs().match(/^\[[^\]]+\] Host listening on /gm)).toHaveLength(1);
  });

  it('passes decoded route params, query and headers to the handler', async () => {
    const e = await echo('/workspaces/w%201/items/a%2Fb%C3%A9?x=1&x=2&y=%20z', { headers: { 'x-test': 'hello' } });
    expect(e.function).toBe('getItem');
    expect(e.params).toEqual({ workspaceId: 'w 1', itemId: 'a%2Fbé' });
    expect(e.query).toEqual({ x: '1,2', y: ' z' });
    expect(e.headers['x-test']).toBe('hello');
    expect(e.url).toBe(`${host.baseUrl}/workspaces/w%201/items/a%2Fb%C3%A9?x=1&x=2&y=%20z`);
  });

  it('matches the prefix and literal segments case-insensitively, with or without a trailing slash', async () => {
    expect((await echo('/WORKSPACES/W1/Items/I1')).params).toEqual({ workspaceId: 'W1', itemId: 'I1' });
    expect((await get('/../API/workspaces/w/items/i')).status).toBe(200);
    expect((await echo('/workspaces/w1/items/i1/')).function).toBe('getItem');
    expect((await echo('/DEFAULTROUTE')).function).toBe('defaultRoute');
  });

  it('gives a request two templates match to the first function by name (getItem before itemLiteral)', async () => {
    expect((await echo('/workspaces/w1/items/SPECIAL')).function).toBe('getItem');
    expect((await echo('/workspaces/w1/items/other')).function).toBe('getItem');
  });

  it('filters by method: another function on the same route answers; no function → 404 (not 405)', async () => {
    const posted = await echo('/workspaces/w1/items/i1', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(posted).toMatchObject({ function: 'postItem', method: 'POST', body: '{"a":1}' });
    const del = await get('/workspaces/w1/items/i1', { method: 'DELETE' });
    expect(del.status).toBe(404);
    expect(await del.text()).toBe('');
    expect((await get('/hooks', { method: 'POST' })).status).toBe(404);
  });

  it('answers 404 for unknown routes and for paths outside the route prefix', async () => {
    expect((await get('/no/such/route')).status).toBe(404);
    expect((await fetch(`${host.baseUrl.replace(/\/api$/, '')}/workspaces/w1/items/i1`)).status).toBe(404);
    expect((await get('/workspaces/w1/items')).status).toBe(404);
    expect((await get('/workspaces/w1/items/i1/extra')).status).toBe(404);
  });

  it('supports optional and catch-all parameters', async () => {
    expect((await echo('/optional')).params).toEqual({});
    expect((await echo('/optional/bob')).params).toEqual({ name: 'bob' });
    expect((await echo('/files/a/b%20c/d.txt')).params).toEqual({ path: 'a/b c/d.txt' });
    expect((await echo('/files')).params).toEqual({});
  });

  it('enforces route constraints', async () => {
    expect((await echo('/guid/0b8a7e3c-4f1d-4a52-9c1e-2f7a5e6d8c90')).params.id).toBe('0b8a7e3c-4f1d-4a52-9c1e-2f7a5e6d8c90');
    expect((await get('/guid/not-a-guid')).status).toBe(404);
    expect((await get('/numbers/0')).status).toBe(404);
    expect((await get('/numbers/abc')).status).toBe(404);
    expect((await get('/numbers/99999999999')).status).toBe(404);
    expect((await get('/numbers/5')).status).toBe(200);
  });

  it('writes status, headers, bytes, text and cookies as the handler returned them', async () => {
    const bytes = await get('/respond/bytes');
    expect(bytes.status).toBe(201);
    expect(bytes.headers.get('x-custom')).toBe('yes');
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([0, 1, 2, 255]);

    const text = await get('/respond/text');
    expect(text.status).toBe(202);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toBe('plain text');

    const cookies = await get('/respond/cookies');
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly; SameSite=Strict', 'b=2; Max-Age=60; Secure']);

    const empty = await get('/respond/empty');
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');

    const json = await get('/respond/unknown');
    expect(json.status).toBe(400);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ error: 'unknown kind' });

    expect((await get('/nothing')).status).toBe(204);
  });

  it('answers a thrown error with 500 and an empty body, and logs the error in the host log', async () => {
    const res = await get('/throws');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    await host.waitForLog(/Exception while executing function: Functions\.throws[\s\S]*boom: secret-detail-xyz/);
    expect(host.logs()).toMatch(/Executed 'Functions\.throws' \(Failed, Id=[0-9a-f-]{36}, Duration=\d+ms\)/);
  });

  it('answers 500 when a function exceeds host.json functionTimeout', async () => {
    const res = await get('/slow');
    expect(res.status).toBe(500);
    expect(host.logs()).toMatch(/Timeout value of 00:00:02 exceeded by function 'Functions\.slow'/);
  });

  it('refuses request bodies above FUNCTIONS_REQUEST_BODY_SIZE_LIMIT with 500, as the Functions host', async () => {
    const big = await get('/workspaces/w/items/i', { method: 'POST', body: 'x'.repeat(2048) });
    expect(big.status).toBe(500);
    const ok = await echo('/workspaces/w/items/i', { method: 'PUT', body: 'x'.repeat(1024) });
    expect(ok.body).toHaveLength(1024);
  });

  it('routes context logs to the host log through the app\'s log hooks, at the host.json level', async () => {
    expect((await get('/logs')).status).toBe(204);
    await host.waitForLog(/rewritten-by-log-hook please/);
    expect(host.logs()).not.toContain('hook-me please');
    expect(host.logs()).toMatch(/Warning: careful/);
    expect(host.logs()).not.toContain('below the threshold');
  });

  it('runs appStart once and pre/postInvocation hooks around every invocation (hooks may wrap the handler)', async () => {
    const wrapped = await get('/numbers/7');
    expect(wrapped.headers.get('x-wrapped-by-hook')).toBe('true');
    await get('/throws');
    const log = (await (await get('/hooks')).json()) as string[];
    expect(log[0]).toBe('appStart');
    expect(log.filter((l) => l === 'appStart')).toHaveLength(1);
    expect(log).toEqual(expect.arrayContaining(['pre:intOnly', 'post:intOnly:ok', 'pre:throws', 'post:throws:error']));
    // The library serialises the response after the postInvocation hooks (the worker's order), so both are listed.
    expect(log.slice(-2)).toEqual(['pre:hookLog', 'post:hookLog:ok']);
  });
});

describe('local host: routePrefix from host.json and clean shutdown', () => {
  it('serves under a custom prefix only, and runs appTerminate on SIGTERM with exit code 0', async () => {
    const host = await startHost({}, { scriptRoot: join(FIXTURES, 'prefix-app'), main: HTTP_APP_MAIN });
    try {
      expect(host.baseUrl).toMatch(/\/v1\/Custom$/);
      const origin = host.baseUrl.replace(/\/v1\/Custom$/, '');
      expect((await fetch(`${origin}/v1/custom/optional/x`)).status).toBe(200);
      expect((await fetch(`${origin}/api/optional/x`)).status).toBe(404);
      // A request in flight when SIGTERM arrives is finished before the host exits.
      const inFlight = fetch(`${host.baseUrl}/delayed/600`);
      await host.waitForLog(/Executing 'Functions\.delayed'/);
      const stopped = host.stop();
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('waited 600 ms');
      expect(await stopped).toBe(0);
    } finally {
      await host.stop();
    }
    expect(host.logs()).toContain('appTerminate hook ran');
    expect(host.logs()).toContain('Host stopped.');
  });

  it('runs the functions it can index and logs the others as in error (as the Functions host)', async () => {
    const main = join(REPO_ROOT, 'dist', 'test', 'fixtures', 'host-app', 'broken-app', '*.js');
    const host = await startHost({}, { scriptRoot: join(FIXTURES, 'broken-app'), main });
    try {
      expect(await (await fetch(`${host.baseUrl}/works`)).text()).toBe('ok');
      expect((await fetch(`${host.baseUrl}/bad/1`)).status).toBe(404);
      expect(host.logs()).toMatch(/The 'badConstraint' function is in error: The constraint reference "nosuchconstraint" could not be resolved/);
      expect(host.logs()).toMatch(/The 'noConnection' function is in error: The queue connection "MissingStorage" is not configured/);
      expect(host.logs()).toMatch(/Function "timer" has a timerTrigger trigger, which the local host does not run/);
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });

  it('fails to start, naming the problem, when the entry point matches no file', async () => {
    await expect(startHost({}, { scriptRoot: join(FIXTURES, 'prefix-app'), main: 'no/such/*.js' })).rejects.toThrow(/Found zero files matching the entry point "no\/such\/\*\.js"/);
  });
});
