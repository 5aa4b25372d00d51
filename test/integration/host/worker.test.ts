/**
 * The local host runs the app in a language worker process and restarts it as the Functions host does: after an
 * invocation passes host.json functionTimeout (the fixture's is 2 s) and after a crash. Whatever the app kept in
 * memory is lost with the worker; the host keeps serving.
 */
import { join } from 'node:path';
import { REPO_ROOT, startHost, type RunningHost } from '../../support/host';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'host-app', 'worker-app');
const MAIN = join(REPO_ROOT, 'dist', 'test', 'fixtures', 'host-app', 'worker-app', '*.js');

interface Counter {
  count: number;
  pid: number;
}

describe('local host: the language worker', () => {
  let host: RunningHost;
  const get = (path: string) => fetch(`${host.baseUrl}${path}`);
  const counter = async (): Promise<Counter> => (await (await get('/counter')).json()) as Counter;
  const occurrences = (text: string) => host.logs().split(text).length - 1;

  beforeAll(async () => {
    host = await startHost({}, { scriptRoot: FIXTURE, main: MAIN });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('runs the app in a worker process of its own, with WEBSITE_HOSTNAME=localhost:<port> as func start sets it', async () => {
    const { pid } = await counter();
    expect(pid).not.toBe(host.pid);
    expect(await (await get('/hostname')).json()).toEqual({ WEBSITE_HOSTNAME: `localhost:${host.port}` });
  });

  it('answers a timed-out invocation with 500, restarts the worker (its memory is gone) and keeps serving', async () => {
    const before = await counter();
    expect(await counter()).toEqual({ count: before.count + 1, pid: before.pid });
    const res = await get('/sleep/60000');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
    expect(host.logs()).toMatch(/Timeout value of 00:00:02 exceeded by function 'Functions\.sleep' \(Id: '[0-9a-f-]{36}'\)\. Initiating cancellation\./);
    expect(host.logs()).toMatch(/A function timeout has occurred\. Restarting worker process executing invocationId '[0-9a-f-]{36}'\./);
    expect(host.logs()).toContain('Restart of language worker process(es) completed.');
    const after = await counter();
    expect(after.pid).not.toBe(before.pid);
    expect(after.count).toBe(1);
  });

  it('restarts once for invocations timing out together; one left in the old worker fails at its own timeout', async () => {
    const restarts = occurrences('Restart of language worker process(es) completed.');
    const { pid } = await counter();
    const [waiting, sleeping] = await Promise.all([get('/wait'), get('/sleep/60000')]);
    expect([waiting.status, sleeping.status]).toEqual([500, 500]);
    expect(occurrences('Restart of language worker process(es) completed.')).toBe(restarts + 1);
    expect(host.logs()).toMatch(/Timeout value of 00:00:02 exceeded by function 'Functions\.wait'/);
    // The new worker never saw the waiting invocation: nothing is waiting there to be released.
    expect(await (await get('/release')).text()).toBe('nothing to release');
    expect((await counter()).pid).not.toBe(pid);
  });

  it('restarts a worker that exits on its own, failing its in-flight invocation at once', async () => {
    const { pid } = await counter();
    const res = await get('/crash');
    expect(res.status).toBe(500);
    expect(host.logs()).toMatch(new RegExp(`Language worker process exited\\. Pid=${pid}, exit code 3\\. Restarting the language worker\\.`));
    const after = await counter();
    expect(after.pid).not.toBe(pid);
    expect(after.count).toBe(1);
  });

  it('stops the worker with the host (exit code 0)', async () => {
    const { pid } = await counter();
    expect(await host.stop()).toBe(0);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }) as Error);
  });
});
