/**
 * The storage client factory against the run's Azurite (HTTPS): connection string and identity-based (a real
 * @azure/identity credential from the local Entra ID, accepted by Azurite's OAuth mode), creation on first use,
 * caching, and outages (refused connection, a server that never answers) surfacing as a bounded 503.
 */
import { createHook } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { ConfigError } from '../../../src/config/errors';
import { ServiceUnavailableError } from '../../../src/fabric/errors';
import { createStorageClients } from '../../../src/storage/clients';
import { endpointsFromConnectionString } from '../../../src/storage/endpoints';
import { azureErrorCode, azureStatusCode } from '../../../src/storage/errors';
import { STORAGE_MAX_RETRY_DELAY_MS, STORAGE_MAX_TRIES, STORAGE_RETRY_DELAY_MS, STORAGE_TIMEOUTS } from '../../../src/storage/retry';
import { freePort } from '../../../devtools/azurite';
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { ensureLocalCertificate } from '../../../devtools/tls';

const connectionString = process.env.AZURITE_CONNECTION_STRING!;
const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 16)}`;

describe('storage clients over a connection string (Azurite, https)', () => {
  const clients = createStorageClients({ connectionString });

  it('creates a table on first use, tolerates an existing one, and caches the client', async () => {
    const name = unique('t');
    const a = await clients.getTableClient(name);
    expect(await clients.getTableClient(name)).toBe(a);
    await a.createEntity({ partitionKey: 'p', rowKey: 'r', v: 1 });
    // A second factory finds the table already there (409 TableAlreadyExists is fine).
    const other = await createStorageClients({ connectionString }).getTableClient(name);
    expect((await other.getEntity('p', 'r')).v).toBe(1);
  });

  it('creates a queue on first use and caches the client', async () => {
    const name = unique('q');
    const q = await clients.getQueueClient(name);
    expect(await clients.getQueueClient(name)).toBe(q);
    await q.sendMessage('hello');
    expect((await q.receiveMessages()).receivedMessageItems[0].messageText).toBe('hello');
    await createStorageClients({ connectionString }).getQueueClient(name);
  });

  it('gives a blob service client', async () => {
    const service = await clients.getBlobServiceClient();
    expect(await clients.getBlobServiceClient()).toBe(service);
    const container = service.getContainerClient(unique('c'));
    await container.create();
    await container.getBlockBlobClient('a.txt').upload('x', 1);
    expect((await container.getBlobClient('a.txt').getProperties()).contentLength).toBe(1);
  });

  it('exposes the storage error code data-tables hides (e.code is undefined)', async () => {
    const table = await clients.getTableClient(unique('t'));
    await table.createEntity({ partitionKey: 'p', rowKey: 'r' });
    const err = await table.createEntity({ partitionKey: 'p', rowKey: 'r' }).catch((e: unknown) => e);
    expect((err as { code?: unknown }).code).toBeUndefined();
    expect(azureStatusCode(err)).toBe(409);
    expect(azureErrorCode(err)).toBe('EntityAlreadyExists');
  });
});

describe('identity-based storage (service URIs + token credential)', () => {
  let idp: LocalEntra;
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const secret = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    const cert = await ensureLocalCertificate(join(__dirname, '..', '..', '..', '.cache', 'tls'));
    idp = await startLocalEntra({ tls: { key: cert.key, cert: cert.cert }, clients: { [clientId]: secret } });
  });
  afterAll(() => idp.stop());

  it('reaches tables, queues and blobs with Entra tokens for https://storage.azure.com', async () => {
    const endpoints = endpointsFromConnectionString(connectionString);
    const credential = new ClientSecretCredential(tenantId, clientId, secret, { authorityHost: idp.origin, disableInstanceDiscovery: true });
    const clients = createStorageClients({ tableServiceUri: endpoints.table, queueServiceUri: endpoints.queue, blobServiceUri: endpoints.blob }, { credential });
    const table = await clients.getTableClient(unique('t'));
    await table.createEntity({ partitionKey: 'p', rowKey: 'r' });
    const queue = await clients.getQueueClient(unique('q'));
    await queue.sendMessage('x');
    const container = (await clients.getBlobServiceClient()).getContainerClient(unique('c'));
    await container.create();
    const storageTokens = idp.tokenRequests.filter((r) => r.grant_type === 'client_credentials' && (r.scope ?? '').startsWith('https://storage.azure.com'));
    expect(storageTokens.length).toBeGreaterThan(0);
  });

  it('refuses plain http to a non-loopback host before sending anything', async () => {
    const clients = createStorageClients({ tableServiceUri: 'http://acct.table.core.windows.net', queueServiceUri: 'https://acct.queue.core.windows.net' });
    await expect(clients.getTableClient('t')).rejects.toBeInstanceOf(ConfigError);
    await expect(clients.getBlobServiceClient()).rejects.toThrow(/AzureWebJobsStorage__blobServiceUri is not configured/);
  });
});

describe('storage outages', () => {
  const accountKey = /AccountKey=([^;]+)/.exec(connectionString)![1];
  const at = (port: number) =>
    `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${accountKey};TableEndpoint=https://127.0.0.1:${port}/devstoreaccount1;QueueEndpoint=https://127.0.0.1:${port}/devstoreaccount1;BlobEndpoint=https://127.0.0.1:${port}/devstoreaccount1;`;

  it('answers a refused connection with a retryable 503 after a bounded number of tries, then recovers', async () => {
    const port = await freePort();
    // Short tries: the queue SDK leaves each failed try's timer running for its whole timeout.
    const clients = createStorageClients({ connectionString: at(port) }, { timeouts: { queueBlobTryTimeoutMs: 300 } });
    const err = await clients.getTableClient('outage').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as ServiceUnavailableError).errorCode).toBe('StorageUnavailable');
    expect((err as ServiceUnavailableError).headers['Retry-After']).toBe('5');
    // The failure is not cached: the next call tries again.
    await expect(clients.getTableClient('outage')).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(clients.getQueueClient('outage')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  describe('a server that accepts connections and never answers', () => {
    let server: Server;
    let port: number;
    const sockets = new Set<Socket>();
    let connections = 0;
    beforeAll(async () => {
      server = createServer((s) => {
        connections++;
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('gives up after the per-try timeout instead of hanging', async () => {
      const clients = createStorageClients({ connectionString: at(port) }, { timeouts: { tableTryTimeoutMs: 300, queueBlobTryTimeoutMs: 300 } });
      const before = connections;
      await expect(clients.getTableClient('hang')).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(clients.getQueueClient('hang')).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(connections - before).toBeGreaterThanOrEqual(2);
      expect(connections - before).toBeLessThanOrEqual(2 * STORAGE_MAX_TRIES);
    });

    it('ends a table operation at its deadline, whatever the tries still had left', async () => {
      const clients = createStorageClients({ connectionString: at(port) }, { timeouts: { tableTryTimeoutMs: 60_000, operationDeadlineMs: 400 } });
      const before = connections;
      const started = Date.now();
      await expect(clients.getTableClient('deadline')).rejects.toMatchObject({ status: 503, errorCode: 'StorageUnavailable' });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(350);
      expect(elapsed).toBeLessThan(10_000); // far below one 60 s try: the deadline, not the try timeout, ended it
      expect(connections - before).toBe(1);
    });

    it('leaves no timer running once the deadline has ended the operation', async () => {
      // Every timer created while the operation runs, until it is cleared or fires (destroy hooks arrive a tick later).
      const live = new Set<number>();
      const hook = createHook({
        init: (id, type) => void (type === 'Timeout' && live.add(id)),
        destroy: (id) => void live.delete(id),
      });
      const clients = createStorageClients({ connectionString: at(port) }, { timeouts: { tableTryTimeoutMs: 60_000, operationDeadlineMs: 300 } });
      hook.enable();
      try {
        await expect(clients.getTableClient('deadline-timers')).rejects.toMatchObject({ status: 503 });
        const watch = [...live];
        await new Promise((r) => setTimeout(r, 100));
        expect(watch.filter((id) => live.has(id))).toEqual([]);
      } finally {
        hook.disable();
      }
    });

    it('the default bounds keep every storage operation inside the 15 s the resilience tests allow', () => {
      const retryWaits = STORAGE_RETRY_DELAY_MS + Math.min(2 * STORAGE_RETRY_DELAY_MS, STORAGE_MAX_RETRY_DELAY_MS);
      expect(Math.min(STORAGE_TIMEOUTS.operationDeadlineMs, STORAGE_MAX_TRIES * STORAGE_TIMEOUTS.tableTryTimeoutMs + retryWaits)).toBeLessThan(15_000);
      expect(STORAGE_MAX_TRIES * STORAGE_TIMEOUTS.queueBlobTryTimeoutMs + retryWaits).toBeLessThan(15_000);
    });
  });
});
