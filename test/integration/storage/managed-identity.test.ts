/**
 * The production wiring of identity-based storage: service URIs + AzureWebJobsStorage__clientId → the real
 * ManagedIdentityCredential (@azure/identity / MSAL), here served by a local App Service managed-identity endpoint
 * (IDENTITY_ENDPOINT / IDENTITY_HEADER protocol) that hands out Entra-shaped tokens from the local Entra ID, which
 * the run's Azurite (OAuth mode) accepts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createStorageClients } from '../../../src/storage/clients';
import { endpointsFromConnectionString } from '../../../src/storage/endpoints';
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { ensureLocalCertificate } from '../../../devtools/tls';

const identityClientId = randomUUID();
const identitySecret = randomBytes(16).toString('hex');
const tenantId = randomUUID();
const requests: { clientId: string | null; resource: string | null; secretOk: boolean }[] = [];

let idp: LocalEntra;
let msi: Server;
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  const cert = await ensureLocalCertificate(join(__dirname, '..', '..', '..', '.cache', 'tls'));
  idp = await startLocalEntra({ tls: { key: cert.key, cert: cert.cert } });
  msi = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const resource = url.searchParams.get('resource');
      const secretOk = req.headers['x-identity-header'] === identitySecret;
      requests.push({ clientId: url.searchParams.get('client_id'), resource, secretOk });
      if (!secretOk || !resource) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_request"}');
        return;
      }
      const oid = randomUUID();
      const token = await idp.mint({ iss: `https://sts.windows.net/${tenantId}/`, aud: resource.replace(/\/$/, ''), appid: identityClientId, idtyp: 'app', oid, sub: oid }, { tenantId, expiresInSeconds: 3600 });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource, token_type: 'Bearer', client_id: identityClientId }));
    })();
  });
  await new Promise<void>((r) => msi.listen(0, '127.0.0.1', r));
  process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(msi.address() as { port: number }).port}/msi/token`;
  process.env.IDENTITY_HEADER = identitySecret;
});

afterAll(async () => {
  if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
  else process.env.IDENTITY_ENDPOINT = saved.endpoint;
  if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
  else process.env.IDENTITY_HEADER = saved.header;
  await new Promise<void>((r) => msi.close(() => r()));
  await idp.stop();
});

it('uses the user-assigned managed identity named by AzureWebJobsStorage__clientId for tables, queues and blobs', async () => {
  const endpoints = endpointsFromConnectionString(process.env.AZURITE_CONNECTION_STRING!);
  const clients = createStorageClients(
    { tableServiceUri: endpoints.table, queueServiceUri: endpoints.queue, blobServiceUri: endpoints.blob, clientId: identityClientId },
    { managedIdentityClientId: randomUUID() },
  );
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const table = await clients.getTableClient(`mi${suffix}`);
  await table.createEntity({ partitionKey: 'p', rowKey: 'r', v: 'x' });
  expect((await table.getEntity('p', 'r')).v).toBe('x');
  await (await clients.getQueueClient(`mi${suffix}`)).sendMessage('m');
  await (await clients.getBlobServiceClient()).getContainerClient(`mi${suffix}`).create();
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.every((r) => r.secretOk && r.clientId === identityClientId && r.resource?.startsWith('https://storage.azure.com'))).toBe(true);
});
