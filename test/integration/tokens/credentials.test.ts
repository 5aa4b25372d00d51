/**
 * The backend credential from its real sources, all local and unmodified SDKs:
 * @azure/identity ManagedIdentityCredential → local managed-identity endpoint (App Service protocol);
 * @azure/keyvault-secrets SecretClient → local Key Vault over HTTPS (challenge flow, token checked against the local
 * Entra ID's keys); MSAL → local Entra ID (secret, certificate and federated-assertion client authentication).
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as jose from 'jose';
import { generate } from 'selfsigned';
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { startLocalManagedIdentity, type LocalManagedIdentity } from '../../../devtools/local-entra/managed-identity';
import { startLocalKeyVault, type LocalKeyVault } from '../../../devtools/local-keyvault/server';
import { frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { loadConfig, type Env } from '../../../src/config';
import { SecretClient } from '@azure/keyvault-secrets';
import { createCredentialSource, createKeyVaultSecretReader, createManagedIdentity, keyVaultClientOptions } from '../../../src/credentials';
import type { CredentialSource } from '../../../src/credentials/types';
import { FabricError } from '../../../src/fabric/errors';
import { GRANT_KEY_RECHECK_MS, keyVaultGrantKeys } from '../../../src/tokens/grant-keys';
import { SCOPES } from '../../../src/tokens/scopes';
import { ALICE, BACKEND_APP_ID, BACKEND_AUDIENCE, claimsOf, jobOf, LogCapture, MI_CLIENT_ID, MI_PRINCIPAL_ID, PUBLISHER_TENANT, tls, tokenClientFor, USER_TENANT, WORKLOAD } from './support';

const clients: Record<string, string> = { [BACKEND_APP_ID]: 'kv-secret-v1' };
const clientCertificates: Record<string, string> = {};
let idp: LocalEntra;
let mi: LocalManagedIdentity;
let kv: LocalKeyVault;
const allLogs: string[] = [];

function config(extra: Env): ReturnType<typeof loadConfig> {
  return loadConfig({
    TENANT_ID: PUBLISHER_TENANT,
    BACKEND_APPID: BACKEND_APP_ID,
    BACKEND_AUDIENCE,
    ENTRA_AUTHORITY_HOST: idp.origin,
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    AZURE_CLIENT_ID: MI_CLIENT_ID,
    KEY_VAULT_URI: kv.url,
    ...extra,
  });
}

/** A source plus a clock the test moves. */
function source(extra: Env, log: LogCapture): { src: CredentialSource; clock: { t: number } } {
  const clock = { t: Date.now() };
  const cfg = config(extra);
  const src = createCredentialSource(cfg, { log: log.logger, clock: { now: () => clock.t }, secrets: createKeyVaultSecretReader(kv.url, createManagedIdentity(MI_CLIENT_ID)) });
  return { src, clock };
}

async function rejection(p: Promise<unknown>): Promise<FabricError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(FabricError);
  return e as FabricError;
}

const collect = (l: LogCapture) => allLogs.push(...l.lines);

beforeAll(async () => {
  idp = await startLocalEntra({ tls: tls(), clients, clientCertificates });
  mi = await startLocalManagedIdentity({ entra: idp, tenantId: PUBLISHER_TENANT, userAssigned: [{ clientId: MI_CLIENT_ID, principalId: MI_PRINCIPAL_ID }] });
  // As App Service does: set before the first ManagedIdentityCredential exists (@azure/identity reads them once).
  Object.assign(process.env, mi.env);
  kv = await startLocalKeyVault({ tls: tls(), tenantId: PUBLISHER_TENANT, authorityHost: idp.origin, jwksUri: `${idp.origin}/common/discovery/v2.0/keys`, secrets: { 'backend-client-secret': 'kv-secret-v1' } });
});

afterAll(async () => {
  delete process.env.IDENTITY_ENDPOINT;
  delete process.env.IDENTITY_HEADER;
  await kv.stop();
  await mi.stop();
  await idp.stop();
  const all = allLogs.join('\n');
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  expect(all).not.toMatch(/kv-secret-v\d|PRIVATE KEY/);
});

describe('ManagedIdentityFic (secretless: a managed-identity token is the client assertion)', () => {
  it('the identity endpoint down at cold start → 503 BackendCredentialUnavailable and one log line, no crash', async () => {
    const log = new LogCapture();
    const { src } = source({ BACKEND_CREDENTIAL_TYPE: 'ManagedIdentityFic', KEY_VAULT_URI: undefined }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    mi.setBehaviour({ status: 500, body: { statusCode: 500, message: 'unavailable' } });
    try {
      const err = await rejection(client.appOnly([SCOPES.fabric]));
      expect(err.status).toBe(503);
      expect(err.errorCode).toBe('BackendCredentialUnavailable');
      expect(log.matching(/federated client assertion could not be obtained \(identity 44444444-4444-4444-8444-444444444444, audience api:\/\/AzureADTokenExchange\)/)).toHaveLength(1);
    } finally {
      mi.setBehaviour(undefined);
      collect(log);
    }
  });

  it('authenticates the app with a federated assertion from the managed identity', async () => {
    const log = new LogCapture();
    const { src } = source({ BACKEND_CREDENTIAL_TYPE: 'ManagedIdentityFic', KEY_VAULT_URI: undefined }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    const before = idp.tokenRequests.length;
    const t = await client.appOnly([SCOPES.fabric]);
    expect(claimsOf(t.token)).toMatchObject({ appid: BACKEND_APP_ID, tid: PUBLISHER_TENANT });
    const post = idp.tokenRequests.slice(before).find((r) => r.grant_type === 'client_credentials')!;
    expect(post.client_secret).toBeUndefined();
    expect(post.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(claimsOf(post.client_assertion)).toMatchObject({ aud: 'api://AzureADTokenExchange', appid: MI_CLIENT_ID, oid: MI_PRINCIPAL_ID });
    expect(mi.requests.at(-1)).toEqual({ resource: 'api://AzureADTokenExchange', clientId: MI_CLIENT_ID, apiVersion: '2019-08-01', status: 200 });
    collect(log);
  });
});

describe('KeyVaultSecret', () => {
  it('reads the secret through the challenge flow with a managed-identity token, then serves it from memory', async () => {
    const log = new LogCapture();
    const { src } = source({ BACKEND_CREDENTIAL_TYPE: 'KeyVaultSecret' }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    kv.requests.length = 0;
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const t = await client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] });
    expect(claimsOf(t.token).oid).toBe(ALICE.oid);
    // Anonymous first (401 challenge), then with a bearer token the vault verified.
    expect(kv.requests.slice(0, 2)).toEqual([
      { method: 'GET', path: '/secrets/backend-client-secret', authorized: false, status: 401 },
      { method: 'GET', path: '/secrets/backend-client-secret', authorized: true, status: 200 },
    ]);
    expect(mi.requests.some((r) => r.resource === 'https://vault.azure.net' && r.clientId === MI_CLIENT_ID && r.status === 200)).toBe(true);
    await client.appOnly([SCOPES.fabric]);
    await client.appOnly([SCOPES.oneLake]);
    expect(kv.secretReads('backend-client-secret')).toHaveLength(1);
    collect(log);
  });

  it('a missing secret → 503 and one log line naming the vault and the secret', async () => {
    const log = new LogCapture();
    const { src } = source({ BACKEND_CREDENTIAL_TYPE: 'KeyVaultSecret', BACKEND_CLIENT_SECRET_NAME: 'no-such-secret' }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    const err = await rejection(client.appOnly([SCOPES.fabric]));
    expect(err.status).toBe(503);
    expect(err.errorCode).toBe('BackendCredentialUnavailable');
    expect(err.headers['Retry-After']).toBe('60');
    expect(err.message).not.toContain('no-such-secret');
    const lines = log.matching(/Backend credential could not be read/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Key Vault ${kv.url} secret 'no-such-secret'`);
    expect(lines[0]).toContain('SecretNotFound');
    collect(log);
  });

  it('a vault outage at cold start → 503 for every caller, ONE read attempt and ONE log line; recovers after the back-off', async () => {
    const log = new LogCapture();
    const { src, clock } = source({ BACKEND_CREDENTIAL_TYPE: 'KeyVaultSecret' }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    kv.setBehaviour('down');
    kv.requests.length = 0;
    try {
      const errs = await Promise.all(Array.from({ length: 5 }, () => rejection(client.appOnly([SCOPES.fabric]))));
      expect(errs.map((e) => `${e.status} ${e.errorCode} ${e.headers['Retry-After']}`)).toEqual(Array(5).fill('503 BackendCredentialUnavailable 5'));
      const attempts = kv.requests.length;
      expect(attempts).toBeGreaterThan(0);
      expect(attempts).toBeLessThanOrEqual(3); // one read: the SDK's own two quick retries at most
      const lines = log.matching(/Backend credential could not be read/);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Key Vault ${kv.url} secret 'backend-client-secret'`);
      // Within the back-off: fail fast, vault untouched.
      await rejection(client.appOnly([SCOPES.fabric]));
      expect(kv.requests.length).toBe(attempts);
    } finally {
      kv.setBehaviour(undefined);
    }
    clock.t += 6_000;
    await expect(client.appOnly([SCOPES.fabric])).resolves.toMatchObject({ token: expect.any(String) });
    collect(log);
  });

  it('rotation: Entra answers invalid_client, the secret is re-read once from the vault, the request succeeds', async () => {
    const log = new LogCapture();
    const { src } = source({ BACKEND_CREDENTIAL_TYPE: 'KeyVaultSecret' }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    await client.appOnly([SCOPES.fabric]);
    const reads = kv.secretReads('backend-client-secret').length;
    kv.setSecret('backend-client-secret', 'kv-secret-v2');
    clients[BACKEND_APP_ID] = 'kv-secret-v2';
    try {
      const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
      await client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] });
      expect(kv.secretReads('backend-client-secret').length).toBe(reads + 1);
      expect(log.matching(/Backend credential changed \(generation 2\)/)).toHaveLength(1);
      const posts = idp.tokenRequests.filter((r) => r.assertion === subject);
      expect(posts.map((p) => p.client_secret)).toEqual(['kv-secret-v1', 'kv-secret-v2']);
    } finally {
      clients[BACKEND_APP_ID] = 'kv-secret-v1';
      kv.setSecret('backend-client-secret', 'kv-secret-v1');
    }
    collect(log);
  });

  it('re-reads after SECRET_REFRESH_MINUTES; a failed scheduled re-read keeps the cached secret', async () => {
    const log = new LogCapture();
    const { src, clock } = source({ BACKEND_CREDENTIAL_TYPE: 'KeyVaultSecret', SECRET_REFRESH_MINUTES: '5' }, log);
    await src.current();
    const reads = kv.secretReads('backend-client-secret').length;
    clock.t += 4 * 60_000;
    await src.current();
    expect(kv.secretReads('backend-client-secret').length).toBe(reads);
    clock.t += 2 * 60_000;
    await src.current();
    expect(kv.secretReads('backend-client-secret').length).toBe(reads + 1);
    kv.setBehaviour({ status: 503 });
    try {
      clock.t += 6 * 60_000;
      await expect(src.current()).resolves.toMatchObject({ generation: 1, material: { kind: 'secret' } });
      expect(log.matching(/refresh failed; keeping the cached credential/)).toHaveLength(1);
    } finally {
      kv.setBehaviour(undefined);
    }
    collect(log);
  });
});

describe('KeyVaultCertificate', () => {
  let pem: string;
  let certPem: string;
  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'fabric-remote-endpoint backend' }], { keySize: 2048, algorithm: 'sha256' } as Parameters<typeof generate>[1]);
    certPem = pems.cert;
    pem = `${pems.private}\n${pems.cert}`;
    clientCertificates[BACKEND_APP_ID] = certPem;
    kv.setSecret('backend-certificate', pem, { contentType: 'application/x-pem-file' });
    kv.setSecret('pfx-certificate', Buffer.from('not really pkcs12').toString('base64'), { contentType: 'application/x-pkcs12' });
  });

  it('signs client assertions with the certificate read from Key Vault', async () => {
    const log = new LogCapture();
    const { src } = source({ BACKEND_CREDENTIAL_TYPE: 'KeyVaultCertificate', BACKEND_CERTIFICATE_NAME: 'backend-certificate' }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    const before = idp.tokenRequests.length;
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const t = await client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] });
    expect(claimsOf(t.token).oid).toBe(ALICE.oid);
    const post = idp.tokenRequests.slice(before).find((r) => r.assertion === subject)!;
    expect(post.client_secret).toBeUndefined();
    const header = jose.decodeProtectedHeader(post.client_assertion);
    const thumbprint = createHash('sha256').update(new X509Certificate(certPem).raw).digest('base64url');
    expect(header['x5t#S256']).toBe(thumbprint);
    collect(log);
  });

  it('a PKCS#12 certificate is refused with a clear log line (PEM is required)', async () => {
    const log = new LogCapture();
    const { src } = source({ BACKEND_CREDENTIAL_TYPE: 'KeyVaultCertificate', BACKEND_CERTIFICATE_NAME: 'pfx-certificate' }, log);
    const client = await tokenClientFor(idp, { log: log.logger, credentials: src });
    const err = await rejection(client.appOnly([SCOPES.fabric]));
    expect(err.status).toBe(503);
    expect(log.matching(/certificate 'pfx-certificate'.*PKCS#12; create it with content type application\/x-pem-file/)).toHaveLength(1);
    collect(log);
  });
});

describe('long-running grant keys from Key Vault versions', () => {
  it('seals with the latest version, unseals old grants by the version they name, and rejects unknown versions', async () => {
    const log = new LogCapture();
    const first = kv.setSecret('long-running-grant-key', Buffer.alloc(32, 3).toString('base64'));
    const reader = createKeyVaultSecretReader(kv.url, createManagedIdentity(MI_CLIENT_ID));
    const clock = { t: Date.now() };
    const keys = keyVaultGrantKeys(reader, 'long-running-grant-key', { refreshMs: 60_000, log: log.logger, clock: { now: () => clock.t } });
    const client = await tokenClientFor(idp, { log: log.logger, grantKeys: keys });
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.ReadWrite.All']);
    clients[BACKEND_APP_ID] = 'backend-secret';
    try {
      const oldGrant = await client.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
      expect(oldGrant.split('.')[1]).toBe(first);
      const second = kv.setSecret('long-running-grant-key', Buffer.alloc(32, 4).toString('base64'));
      clock.t += 61_000;
      const newGrant = await client.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
      expect(newGrant.split('.')[1]).toBe(second);
      // A fresh instance holds no versions yet: it fetches the one the old grant names.
      const otherKeys = keyVaultGrantKeys(reader, 'long-running-grant-key', { refreshMs: 60_000, log: log.logger });
      const other = await tokenClientFor(idp, { log: log.logger, grantKeys: otherKeys });
      const redeemed = await other.acquireLongRunning({ grant: oldGrant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
      expect(kv.requests.some((r) => r.path === `/secrets/long-running-grant-key/${first}` && r.status === 200)).toBe(true);
      expect(redeemed.grant.split('.')[1]).toBe(second);
      const forged = ['lrg1', 'ffffffffffffffffffffffffffffffff', ...oldGrant.split('.').slice(2)].join('.');
      const err = await rejection(other.acquireLongRunning({ grant: forged, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) }));
      expect(err.errorCode).toBe('LongRunningGrantInvalid');
    } finally {
      clients[BACKEND_APP_ID] = 'kv-secret-v1';
    }
    collect(log);
  });
});

describe('rotating the grant key and disabling the old version (docs/long-running-obo.md, rotation procedure)', () => {
  const NAME = 'rotated-grant-key';

  it('new grants seal with the new version within the bound; the disabled version unseals nothing, warm or cold', async () => {
    const log = new LogCapture();
    const reader = createKeyVaultSecretReader(kv.url, createManagedIdentity(MI_CLIENT_ID));
    const sdk = new SecretClient(kv.url, await createManagedIdentity(MI_CLIENT_ID)(), keyVaultClientOptions(kv.url));
    const clock = { t: Date.now() };
    const ring = () => keyVaultGrantKeys(reader, NAME, { refreshMs: GRANT_KEY_RECHECK_MS, log: log.logger, clock: { now: () => clock.t } });
    const oldVersion = (await sdk.setSecret(NAME, Buffer.alloc(32, 5).toString('base64'))).properties.version!;
    const warm = await tokenClientFor(idp, { log: log.logger, grantKeys: ring() });
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.ReadWrite.All']);
    clients[BACKEND_APP_ID] = 'backend-secret';
    try {
      const oldGrant = await warm.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
      expect(oldGrant.split('.')[1]).toBe(oldVersion);
      await warm.acquireLongRunning({ grant: oldGrant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });

      // 1. Write a new version. Within GRANT_KEY_RECHECK_MS every instance seals with it.
      const newVersion = (await sdk.setSecret(NAME, Buffer.alloc(32, 6).toString('base64'))).properties.version!;
      clock.t += GRANT_KEY_RECHECK_MS;
      const newGrant = await warm.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE, '66666666-6666-4666-8666-666666666602') });
      expect(newGrant.split('.')[1]).toBe(newVersion);

      // 2. Disable the old version (after LONG_RUNNING_GRANT_MAX_HOURS, or at once when the key is compromised).
      await sdk.updateSecretProperties(NAME, oldVersion, { enabled: false });
      await expect(sdk.getSecret(NAME, { version: oldVersion })).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden', details: { error: { innerError: { code: 'SecretDisabled' } } } });

      // 3. Within GRANT_KEY_RECHECK_MS, a warm instance that holds the old version stops unsealing with it …
      clock.t += GRANT_KEY_RECHECK_MS;
      const onWarm = await rejection(warm.acquireLongRunning({ grant: oldGrant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) }));
      expect(onWarm.status).toBe(401);
      expect(onWarm.toBody()).toMatchObject({ errorCode: 'LongRunningGrantInvalid', isPermanent: true });

      // … and a cold instance refuses it at once: permanent (the job fails once), not a retried 503.
      const cold = await tokenClientFor(idp, { log: log.logger, grantKeys: ring() });
      const readsBefore = kv.secretReads(NAME).length;
      const onCold = await rejection(cold.acquireLongRunning({ grant: oldGrant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) }));
      expect(onCold.status).toBe(401);
      expect(onCold.toBody()).toMatchObject({ errorCode: 'LongRunningGrantInvalid', isPermanent: true });
      expect(kv.secretReads(NAME).slice(readsBefore)).toEqual([{ method: 'GET', path: `/secrets/${NAME}/${oldVersion}`, authorized: true, status: 403 }]);

      // Grants sealed with the new version keep working on both.
      const job2 = jobOf(ALICE, '66666666-6666-4666-8666-666666666602');
      await expect(cold.acquireLongRunning({ grant: newGrant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: job2 })).resolves.toMatchObject({ token: { token: expect.any(String) } });
      await expect(warm.acquireLongRunning({ grant: newGrant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: job2 })).resolves.toMatchObject({ token: { token: expect.any(String) } });
      expect(log.matching(/^error/)).toEqual([]);
      expect(log.matching(new RegExp(`version ${oldVersion} is disabled or deleted`))).toHaveLength(2);
    } finally {
      clients[BACKEND_APP_ID] = 'kv-secret-v1';
    }
    collect(log);
  });
});

describe('grant-key re-checks fail closed', () => {
  it('a vault outage at a re-check refuses to unseal (503, retried) but keeps sealing; a deleted secret revokes and stops sealing', async () => {
    const NAME = 'rechecked-grant-key';
    const log = new LogCapture();
    const reader = createKeyVaultSecretReader(kv.url, createManagedIdentity(MI_CLIENT_ID));
    const clock = { t: Date.now() };
    kv.setSecret(NAME, Buffer.alloc(32, 8).toString('base64'));
    const warm = await tokenClientFor(idp, { log: log.logger, grantKeys: keyVaultGrantKeys(reader, NAME, { refreshMs: GRANT_KEY_RECHECK_MS, log: log.logger, clock: { now: () => clock.t } }) });
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.ReadWrite.All']);
    const begin = () => warm.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
    const redeem = (grant: string) => warm.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
    clients[BACKEND_APP_ID] = 'backend-secret';
    try {
      const grant = await begin();
      await redeem(grant);

      kv.setBehaviour({ status: 503 });
      clock.t += GRANT_KEY_RECHECK_MS;
      const outage = await rejection(redeem(grant));
      expect(outage.toBody()).toMatchObject({ errorCode: 'LongRunningGrantKeyUnavailable', isPermanent: false });
      await expect(begin()).resolves.toMatch(/^lrg1\./);
      kv.setBehaviour(undefined);
      await expect(redeem(grant)).resolves.toMatchObject({ token: { token: expect.any(String) } });

      kv.deleteSecret(NAME);
      clock.t += GRANT_KEY_RECHECK_MS;
      expect((await rejection(redeem(grant))).toBody()).toMatchObject({ errorCode: 'LongRunningGrantInvalid', isPermanent: true });
      expect((await rejection(begin())).toBody()).toMatchObject({ errorCode: 'LongRunningGrantKeyUnavailable', isPermanent: false });
    } finally {
      kv.setBehaviour(undefined);
      clients[BACKEND_APP_ID] = 'kv-secret-v1';
    }
    collect(log);
  });
});

describe('the local stand-ins behave like the services', () => {
  it('Key Vault: versions listing, PUT, a specific version, 404 for an unknown version (through the SDK)', async () => {
    const sdk = new SecretClient(kv.url, await createManagedIdentity(MI_CLIENT_ID)(), keyVaultClientOptions(kv.url));
    const v1 = await sdk.setSecret('stand-in', 'one');
    const v2 = await sdk.setSecret('stand-in', 'two');
    const versions: string[] = [];
    for await (const p of sdk.listPropertiesOfSecretVersions('stand-in')) versions.push(p.version!);
    expect(versions).toEqual([v1.properties.version, v2.properties.version]);
    expect((await sdk.getSecret('stand-in')).value).toBe('two');
    expect((await sdk.getSecret('stand-in', { version: v1.properties.version })).value).toBe('one');
    await expect(sdk.getSecret('stand-in', { version: 'ffffffffffffffffffffffffffffffff' })).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
  });

  it('Key Vault: Update Secret disables a version; a get of it is 403 SecretDisabled; unknown versions 404', async () => {
    const sdk = new SecretClient(kv.url, await createManagedIdentity(MI_CLIENT_ID)(), keyVaultClientOptions(kv.url));
    const v1 = (await sdk.setSecret('to-disable', 'one')).properties.version!;
    const v2 = (await sdk.setSecret('to-disable', 'two')).properties.version!;
    const updated = await sdk.updateSecretProperties('to-disable', v1, { enabled: false });
    expect(updated).toMatchObject({ version: v1, enabled: false });
    expect(kv.requests.filter((r) => r.method === 'PATCH').at(-1)).toMatchObject({ path: `/secrets/to-disable/${v1}`, status: 200 });
    const listed: Record<string, boolean | undefined> = {};
    for await (const p of sdk.listPropertiesOfSecretVersions('to-disable')) listed[p.version!] = p.enabled;
    expect(listed).toEqual({ [v1]: false, [v2]: true });
    await expect(sdk.getSecret('to-disable', { version: v1 })).rejects.toMatchObject({ statusCode: 403, code: 'Forbidden', details: { error: { innerError: { code: 'SecretDisabled' } } } });
    expect((await sdk.getSecret('to-disable')).value).toBe('two');
    await expect(sdk.updateSecretProperties('to-disable', 'ffffffffffffffffffffffffffffffff', { enabled: false })).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
  });

  it('Key Vault: a token for another resource is refused with a new challenge', async () => {
    const other = await idp.mint({ aud: 'https://storage.azure.com', appid: MI_CLIENT_ID, idtyp: 'app' }, { tenantId: PUBLISHER_TENANT });
    const res = await fetch(`${kv.url}/secrets/backend-client-secret?api-version=2025-07-01`, { headers: { authorization: `Bearer ${other}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer authorization="${idp.origin}/${PUBLISHER_TENANT}", resource="https://vault.azure.net"`);
  });

  it('managed identity: the secret header and a known identity are required', async () => {
    const url = `${mi.endpoint}?api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net`;
    expect((await fetch(`${url}&client_id=${MI_CLIENT_ID}`)).status).toBe(401);
    expect((await fetch(`${url}&client_id=${MI_CLIENT_ID}`, { headers: { 'X-IDENTITY-HEADER': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${url}&client_id=77777777-7777-4777-8777-777777777777`, { headers: { 'X-IDENTITY-HEADER': mi.header } })).status).toBe(400);
    const ok = await fetch(`${url}&client_id=${MI_CLIENT_ID}`, { headers: { 'X-IDENTITY-HEADER': mi.header } });
    const body = (await ok.json()) as { access_token: string; expires_on: string; resource: string; token_type: string; client_id: string };
    expect(body).toMatchObject({ resource: 'https://vault.azure.net', token_type: 'Bearer', client_id: MI_CLIENT_ID });
    expect(Number(body.expires_on)).toBeGreaterThan(Date.now() / 1000);
    expect(claimsOf(body.access_token)).toMatchObject({ aud: 'https://vault.azure.net', oid: MI_PRINCIPAL_ID, tid: PUBLISHER_TENANT });
  });
});
