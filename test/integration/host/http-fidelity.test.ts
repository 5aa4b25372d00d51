/**
 * The local host's HTTP behaviour where it follows the Functions host (Kestrel under the script host) rather than
 * Node's defaults: repeated headers, chunked bodies, route order, 204 answers, request line and header limits,
 * bodies over the limit and %2F in route values. Raw node:http requests, so nothing is normalised on the way.
 */
import * as http from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT, startHost, type RunningHost } from '../../support/host';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'host-app');
const HTTP_APP_MAIN = join(REPO_ROOT, 'dist', 'test', 'fixtures', 'host-app', 'http-app', '*.js');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Echo {
  function: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

describe('local host: HTTP as the Functions host does it', () => {
  let host: RunningHost;

  /** One request on its own connection; `headers` as a flat [name, value, ...] list keeps repeated headers (Node then adds no Host). */
  const request = (method: string, path: string, headers: string[] = [], chunks: string[] = []): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${host.baseUrl}${path}`, { method, headers: ['host', new URL(host.baseUrl).host, ...headers, 'connection', 'close'], agent: false }, (res) => {
        const body: Buffer[] = [];
        res.on('data', (c: Buffer) => body.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(body).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  const echo = async (method: string, path: string, headers: string[] = [], chunks: string[] = []): Promise<Echo> => {
    const res = await request(method, path, headers, chunks);
    expect(res.status).toBe(200);
    return JSON.parse(res.body) as Echo;
  };

  beforeAll(async () => {
    host = await startHost({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1024' }, { scriptRoot: join(FIXTURES, 'http-app'), main: HTTP_APP_MAIN });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('joins repeated request headers with "," (every header, cookies too); two Host headers are 400', async () => {
    const e = await echo('GET', '/workspaces/w/items/i', ['Authorization', 'Bearer a', 'authorization', 'Bearer b', 'x-dup', '1', 'x-dup', '', 'x-dup', '2', 'cookie', 'x=1', 'cookie', 'y=2']);
    expect(e.headers.authorization).toBe('Bearer a,Bearer b');
    expect(e.headers['x-dup']).toBe('1,2');
    expect(e.headers.cookie).toBe('x=1,y=2');
    expect((await request('GET', '/workspaces/w/items/i', ['host', 'other.example'])).status).toBe(400);
  });

  it('hands a chunked body (no Content-Length) over as empty, with its headers; a Content-Length body as sent', async () => {
    const chunked = await echo('POST', '/workspaces/w/items/i', ['content-type', 'application/json'], ['{"a":', '1}']);
    expect(chunked.body).toBe('');
    expect(chunked.headers['transfer-encoding']).toBe('chunked');
    expect(chunked.headers['content-type']).toBe('application/json');
    const sized = await echo('POST', '/workspaces/w/items/i', ['content-type', 'application/json', 'content-length', '7'], ['{"a":1}']);
    expect(sized.body).toBe('{"a":1}');
  });

  it('gives a request two routes match to the first function by name, not the most specific template', async () => {
    expect((await echo('GET', '/order/special')).function).toBe('orderById');
    expect((await echo('GET', '/order2/literal')).function).toBe('aaOrderRest');
    expect((await echo('GET', '/workspaces/w/items/special')).function).toBe('getItem');
    await host.waitForLog(/The routes of 'aaOrderRest' and 'order2Literal' can match the same request/);
  });

  it('answers 204 without Content-Length', async () => {
    for (const path of ['/respond/empty', '/nothing', '/logs']) {
      const res = await request('GET', path);
      expect(res.status).toBe(204);
      expect(res.headers['content-length']).toBeUndefined();
      expect(res.headers['transfer-encoding']).toBeUndefined();
    }
    expect((await request('GET', '/respond/text')).headers['content-length']).toBe('10');
  });

  it('applies Kestrel\'s limits: a 20 KB header passes, a 10 KB query string is 414, 33 KB of headers or 101 headers are 431', async () => {
    expect((await echo('GET', '/workspaces/w/items/i', ['x-big', 'h'.repeat(20 * 1024)])).headers['x-big']).toHaveLength(20 * 1024);
    expect((await request('GET', `/workspaces/w/items/i?q=${'a'.repeat(10 * 1024)}`)).status).toBe(414);
    expect((await request('GET', `/workspaces/w/items/i?q=${'a'.repeat(7 * 1024)}`)).status).toBe(200);
    expect((await request('GET', '/workspaces/w/items/i', ['x-a', 'h'.repeat(17 * 1024), 'x-b', 'h'.repeat(16 * 1024)])).status).toBe(431);
    const many = Array.from({ length: 101 }, (_, i) => [`x-h${i}`, 'v']).flat();
    expect((await request('GET', '/workspaces/w/items/i', many)).status).toBe(431);
    expect((await request('GET', '/no/such/route', ['x-big', 'h'.repeat(40 * 1024)])).status).toBe(431);
  });

  it('answers 500 to a body over FUNCTIONS_REQUEST_BODY_SIZE_LIMIT without invoking, and says why in the host log', async () => {
    const res = await request('POST', '/workspaces/w/items/over-limit', ['content-length', '2048'], ['x'.repeat(2048)]);
    expect(res.status).toBe(500);
    expect(res.body).toBe('');
    // The host logs in order: nothing between the explanation and the next request's invocation ran postItem.
    expect((await request('GET', '/nothing')).status).toBe(204);
    const logs = await host.waitForLog(/Request body of 2048 bytes for POST \/api\/workspaces\/w\/items\/over-limit exceeds the limit of 1024 bytes[\s\S]*Executed 'Functions\.nothing'/);
    expect(logs.slice(logs.indexOf('Request body of 2048 bytes'))).not.toContain("Executing 'Functions.postItem'");
  });

  it('keeps %2F encoded in route values and decodes every other escape; %00 in the path is 400', async () => {
    expect((await echo('GET', '/workspaces/w%201/items/a%2Fb%2f%C3%A9')).params).toEqual({ workspaceId: 'w 1', itemId: 'a%2Fb%2fé' });
    expect((await echo('GET', '/files/a%2Fb/c')).params).toEqual({ path: 'a%2Fb/c' });
    expect((await request('GET', '/workspaces/w/items/a%00b')).status).toBe(400);
  });
});
