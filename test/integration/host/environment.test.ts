/** startTestEnvironment: the real app in the local host, wired to the local Entra ID and Azurite. */
import { isIP } from 'node:net';
import { parseSubjectAndAppToken } from '../../../src/auth/inbound/header';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';

describe('startTestEnvironment', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await startTestEnvironment();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('serves the real app under /api on a local port, ready (every dependency ok)', async () => {
    expect(env.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const res = await fetch(`${env.baseUrl}/health`);
    expect(await res.json()).toEqual({ status: 'ready', checks: { configuration: 'ok', signingKeys: 'ok', backendCredential: 'ok', longRunningGrantKey: 'ok', storage: 'ok' } });
    expect(res.status).toBe(200);
    expect(env.logs()).toContain("Executed 'Functions.health' (Succeeded");
  });

  it('wires the host to the local Entra ID, Azurite and a unique jobs queue', () => {
    expect(env.env.ENTRA_AUTHORITY_HOST).toBe(env.idp.origin);
    expect(env.idp.origin).toMatch(/^https:\/\/localhost:\d+$/);
    expect(env.env.AzureWebJobsStorage).toBe(process.env.AZURITE_CONNECTION_STRING);
    expect(env.env.ONELAKE_ENDPOINT).toBe(process.env.AZURITE_BLOB_ENDPOINT);
    expect(env.env.JOBS_QUEUE_NAME).toBe(env.queueName);
    expect(env.env.BACKEND_AUDIENCE).toBe(`api://localdevinstance/${env.workload.publisherTenantId}/Org.FabricRemoteEndpoint`);
    expect(env.user.tenantId).not.toBe(env.workload.publisherTenantId);
    expect(env.env.FABRIC_API_BASE_URL).toBe(env.fabricApi.baseUrl);
    expect(env.env.BACKEND_CLIENT_SECRET).toBe(env.backendClientSecret);
    expect(env.env.KEY_VAULT_URI).toBeUndefined();
  });

  it('gives the host storage endpoints with an IP host, as the Functions host needs for path-style accounts', () => {
    const endpoints = [...env.env.AzureWebJobsStorage.matchAll(/(Blob|Queue|Table)Endpoint=([^;]+)/g)].map((m) => m[2]);
    expect(endpoints).toHaveLength(3);
    for (const url of [...endpoints, env.env.ONELAKE_ENDPOINT]) expect(isIP(new URL(url).hostname)).toBe(4);
  });

  it('mints Fabric-shaped headers: user + app token by default, app-only with null', async () => {
    const h = await env.headers();
    const parsed = parseSubjectAndAppToken(h.authorization);
    expect(parsed.subjectToken).toBeDefined();
    expect(h['x-ms-client-tenant-id']).toBe(env.user.tenantId);
    expect(h.activityid).toMatch(/^[0-9a-f-]{36}$/);
    const appOnly = parseSubjectAndAppToken((await env.headers(null)).authorization);
    expect(appOnly.subjectToken).toBeUndefined();
  });

  it('registers the backend app with its secret at the local Entra token endpoint', async () => {
    const form = (secret: string) => new URLSearchParams({ grant_type: 'client_credentials', client_id: env.workload.backendAppId, client_secret: secret, scope: 'https://storage.azure.com/.default' });
    const url = `${env.idp.origin}/${env.workload.publisherTenantId}/oauth2/v2.0/token`;
    expect((await fetch(url, { method: 'POST', body: form(env.backendClientSecret) })).status).toBe(200);
    expect((await fetch(url, { method: 'POST', body: form('wrong-secret') })).status).toBe(401);
  });
});

describe('startTestEnvironment with the backend secret in the local Key Vault', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await startTestEnvironment({ backendSecretSource: 'keyVault' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('gives the host KEY_VAULT_URI and a managed identity instead of the secret', async () => {
    expect(env.env.BACKEND_CLIENT_SECRET).toBeUndefined();
    expect(env.env.KEY_VAULT_URI).toBe(env.keyVault!.url);
    expect(env.env.IDENTITY_ENDPOINT).toBe(env.managedIdentity!.endpoint);
    expect(env.keyVault!.versions('backend-client-secret')[0].value).toBe(env.backendClientSecret);
    const res = await fetch(`${env.baseUrl}/health`);
    expect(res.status).toBe(200);
  });
});
