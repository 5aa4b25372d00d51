/**
 * The local host running a fixture app's queue triggers against Azurite, as the Functions host does:
 * base64 decoding, trigger metadata, delete on success, retry after visibilityTimeout, poison after maxDequeueCount,
 * named connections, and finishing in-flight messages on shutdown.
 * The fixture's host.json: maxDequeueCount 3, visibilityTimeout 1 s, maxPollingInterval 500 ms.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { QueueClient, QueueServiceClient } from '@azure/storage-queue';
import { REPO_ROOT, startHost, type RunningHost } from '../../support/host';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'host-app', 'queue-app');
const MAIN = join(REPO_ROOT, 'dist', 'test', 'fixtures', 'host-app', 'queue-app', '*.js');

interface Call {
  function: string;
  message: { id?: string } | string;
  dequeueCount: number;
  id: string;
  popReceipt: string;
  insertionTime: string;
  expirationTime: string;
  nextVisibleTime: string;
  at: number;
  outcome?: 'ok' | 'failed';
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64');

let hostLogs = (): string => '';

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; host log:\n${hostLogs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('local host: queue triggers', () => {
  const suffix = randomUUID().slice(0, 8);
  const names = { main: `hostq-${suffix}`, other: `hostq-other-${suffix}` };
  let service: QueueServiceClient;
  let queue: QueueClient;
  let poison: QueueClient;
  let other: QueueClient;
  let host: RunningHost;

  const calls = async (): Promise<Call[]> => (await (await fetch(`${host.baseUrl}/calls`)).json()) as Call[];
  const callsFor = async (id: string) => (await calls()).filter((c) => typeof c.message === 'object' && c.message.id === id);

  beforeAll(async () => {
    service = QueueServiceClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!);
    queue = service.getQueueClient(names.main);
    poison = service.getQueueClient(`${names.main}-poison`);
    other = service.getQueueClient(names.other);
    await queue.createIfNotExists();
    await other.createIfNotExists();
    host = await startHost(
      { AzureWebJobsStorage: process.env.AZURITE_CONNECTION_STRING!, OtherStorage: process.env.AZURITE_CONNECTION_STRING!, FIXTURE_QUEUE: names.main, FIXTURE_OTHER_QUEUE: names.other },
      { scriptRoot: FIXTURE, main: MAIN },
    );
    hostLogs = () => host.logs();
  });
  afterAll(async () => {
    await host?.stop();
    await Promise.all([queue, poison, other].map((q) => q?.deleteIfExists()));
  });

  it('delivers a base64 message once, with the trigger metadata of the Functions host, and deletes it', async () => {
    const id = randomUUID();
    const sent = await queue.sendMessage(b64({ id }));
    const [call] = await until('delivery', async () => ((await callsFor(id)).find((c) => c.outcome === 'ok') ? callsFor(id) : undefined));
    expect(call.message).toEqual({ id });
    expect(call.function).toBe('work');
    expect(call.dequeueCount).toBe(1);
    expect(call.id).toBe(sent.messageId);
    expect(typeof call.popReceipt).toBe('string');
    expect(Date.parse(call.insertionTime)).toBeGreaterThan(0);
    expect(Date.parse(call.expirationTime)).toBeGreaterThan(Date.parse(call.insertionTime));
    await until('deletion', async () => ((await queue.getProperties()).approximateMessagesCount === 0 ? true : undefined));
    expect(host.logs()).toContain(`processed {"id":"${id}"}`);
    expect(host.logs()).toContain(`Reason='New queue message detected on '${names.main}'.'`);
  });

  it('retries a failed message after visibilityTimeout and succeeds on the next delivery', async () => {
    const id = randomUUID();
    await queue.sendMessage(b64({ id, failTimes: 1 }));
    const attempts = await until('the retry', async () => {
      const c = await callsFor(id);
      return c.some((x) => x.outcome === 'ok') ? c : undefined;
    });
    expect(attempts.map((a) => [a.dequeueCount, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'ok'],
    ]);
    expect(attempts[1].id).toBe(attempts[0].id);
    // host.json visibilityTimeout is 1 s: the message must not come back sooner.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(900);
    expect(host.logs()).toMatch(/Exception while executing function: Functions\.work[\s\S]*fixture failure on delivery 1/);
  });

  it('moves a message that keeps failing to <queue>-poison after maxDequeueCount deliveries, content unchanged', async () => {
    const id = randomUUID();
    const body = b64({ id, alwaysFail: true });
    await queue.sendMessage(body);
    const poisoned = await until('the poison message', async () => {
      if (!(await poison.exists())) return undefined;
      const peeked = await poison.peekMessages({ numberOfMessages: 32 });
      return peeked.peekedMessageItems.find((m) => m.messageText === body);
    });
    expect(poisoned.messageText).toBe(body);
    const attempts = await callsFor(id);
    expect(attempts.map((a) => a.dequeueCount)).toEqual([1, 2, 3]);
    expect(attempts.every((a) => a.outcome === 'failed')).toBe(true);
    expect(host.logs()).toContain(`Message has reached MaxDequeueCount of 3. Moving message to queue '${names.main}-poison'.`);
    const left = await queue.peekMessages({ numberOfMessages: 32 });
    expect(left.peekedMessageItems.some((m) => m.messageText === body)).toBe(false);
  });

  it('poisons a message that is not valid base64 on its first delivery, without invoking the function', async () => {
    const text = `not base64 ${randomUUID()}!`;
    const { messageId } = await queue.sendMessage(text);
    await until('the undecodable message in poison', async () => {
      if (!(await poison.exists())) return undefined;
      const peeked = await poison.peekMessages({ numberOfMessages: 32 });
      return peeked.peekedMessageItems.find((m) => m.messageText === text);
    });
    expect((await calls()).some((c) => typeof c.message === 'string' && c.message.includes(text))).toBe(false);
    expect(host.logs()).toContain('is not valid base64');
    // One delivery, not maxDequeueCount (3) of them: the host does not retry a message it cannot decode.
    expect(host.logs().split('\n').filter((l) => l.includes(`Message '${messageId}'`) && l.includes('cannot be decoded'))).toHaveLength(1);
  });

  it('uses the connection setting the trigger names', async () => {
    const id = randomUUID();
    await other.sendMessage(b64({ id }));
    const [call] = await until('delivery on the second queue', async () => {
      const c = await callsFor(id);
      return c.length > 0 ? c : undefined;
    });
    expect(call.function).toBe('otherWork');
  });

  it('finishes an in-flight message on SIGTERM (deleting it) and exits 0', async () => {
    const id = randomUUID();
    await queue.sendMessage(b64({ id, delayMs: 800 }));
    await until('the slow message to start', async () => ((await callsFor(id)).length > 0 ? true : undefined));
    expect(await host.stop()).toBe(0);
    expect(host.logs()).toMatch(new RegExp(`processed \\{"id":"${id}","delayMs":800\\}`));
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
  });
});
