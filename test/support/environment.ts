/**
 * A complete local environment for integration tests: the local Entra ID over HTTPS (the backend app registered
 * with a random secret), the run's shared Azurite (HTTPS; OneLake stand-in), a unique jobs queue, the local Fabric
 * API (HTTPS), optionally the local Key Vault + managed-identity endpoint holding the backend secret, and the compiled
 * host as a child process wired to all of them. Tokens and headers are minted exactly as Fabric sends them.
 *
 *   const env = await startTestEnvironment();
 *   const res = await fetch(`${env.baseUrl}/workspaces/${ws}/items/${type}/${id}/OnCreateItem`, { method: 'POST', headers: await env.headers(), body });
 *   await env.stop();
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../devtools/azurite';
import { fabricHeaders, frontendToken, type LocalUser, type TokenOptions, type WorkloadIdentity } from '../../devtools/local-entra/fabric-tokens';
import { startLocalManagedIdentity, type LocalManagedIdentity } from '../../devtools/local-entra/managed-identity';
import { startLocalEntra, type LocalEntra } from '../../devtools/local-entra/server';
import { startLocalFabricApi, type LocalFabricApi } from '../../devtools/local-fabric-api/server';
import { startLocalKeyVault, type LocalKeyVault } from '../../devtools/local-keyvault/server';
import { ensureLocalCertificate } from '../../devtools/tls';
import { REPO_ROOT, startHost, type RunningHost, type StartHostOptions } from './host';

export const WORKLOAD_NAME = 'Org.FabricRemoteEndpoint';

export interface TestEnvironmentOptions {
  /** Extra or overriding host settings (applied last). */
  readonly env?: Readonly<Record<string, string>>;
  /** Host process options (scriptRoot, main, startTimeoutMs). */
  readonly host?: Omit<StartHostOptions, 'port'>;
  /** Lifetime of tokens the local Entra token endpoint issues (default 3600 s). */
  readonly tokenLifetimeSeconds?: number;
  /** Storage to use instead of the run's shared Azurite (jest global setup exports it). */
  readonly storage?: { readonly connectionString: string; readonly blobEndpoint: string };
  /** Jobs queue name (default: a unique name per environment). */
  readonly queueName?: string;
  /**
   * Where the backend client secret comes from: 'environment' (default: BACKEND_CLIENT_SECRET) or 'keyVault' (the
   * local Key Vault holds it and the long-running grant key; the host reads them through the local managed identity:
   * KEY_VAULT_URI, AZURE_CLIENT_ID, IDENTITY_ENDPOINT, IDENTITY_HEADER).
   */
  readonly backendSecretSource?: 'environment' | 'keyVault';
}

export type HeaderOptions = TokenOptions & { readonly userTenantId?: string; readonly appToken?: string };

export interface TestEnvironment {
  /** e.g. http://127.0.0.1:41234/api */
  readonly baseUrl: string;
  readonly idp: LocalEntra;
  /** TENANT_ID, BACKEND_APPID, BACKEND_AUDIENCE of the endpoint. */
  readonly workload: WorkloadIdentity;
  /** The default caller: a user in a second tenant (a customer tenant, not the publisher's). */
  readonly user: LocalUser;
  /** The backend app's client secret registered in the local Entra ID. */
  readonly backendClientSecret: string;
  readonly queueName: string;
  /** Exactly the settings the host was started with. */
  readonly env: Readonly<Record<string, string>>;
  readonly host: RunningHost;
  /** The local Fabric REST API (FABRIC_API_BASE_URL): set item permissions per user with fabricApi.setPermissions(). */
  readonly fabricApi: LocalFabricApi;
  /** Present with backendSecretSource 'keyVault'. */
  readonly keyVault?: LocalKeyVault;
  readonly managedIdentity?: LocalManagedIdentity;
  /** Control-plane headers as Fabric sends them: SubjectAndAppToken (user = env.user by default; null = app-only), tenant header, ActivityId, RequestId, content-type. */
  headers(user?: LocalUser | null, extra?: HeaderOptions): Promise<Record<string, string>>;
  /** Data-plane headers as the workload frontend sends them: Bearer token with the given delegated scopes. */
  frontendHeaders(scopes: readonly string[], user?: LocalUser, extra?: TokenOptions): Promise<Record<string, string>>;
  /** Another user (new oid) in the given tenant (default: env.user's tenant). */
  newUser(tenantId?: string): LocalUser;
  logs(): string;
  stop(): Promise<void>;
}

function sharedStorage(): { connectionString: string; blobEndpoint: string } {
  const connectionString = process.env.AZURITE_CONNECTION_STRING;
  const blobEndpoint = process.env.AZURITE_BLOB_ENDPOINT;
  if (!connectionString || !blobEndpoint) throw new Error('AZURITE_CONNECTION_STRING / AZURITE_BLOB_ENDPOINT are not set: run through jest (its global setup starts Azurite) or pass opts.storage');
  return { connectionString, blobEndpoint };
}

/**
 * Stops the environments (undefined ones are skipped: a failed beforeAll) and fails the suite if any host logged an
 * internal or unhandled error meanwhile. Returns the hosts' logs for further checks.
 */
export async function stopCheckingLogs(...envs: (TestEnvironment | undefined)[]): Promise<string> {
  const logs = envs.map((e) => e?.logs() ?? '').join('\n');
  await Promise.all(envs.map((e) => e?.stop()));
  expect(logs).not.toMatch(/InternalError|Unhandled error/);
  return logs;
}

export async function startTestEnvironment(opts: TestEnvironmentOptions = {}): Promise<TestEnvironment> {
  const storage = opts.storage ?? sharedStorage();
  const tlsDir = join(REPO_ROOT, '.cache', 'tls');
  const cert = await ensureLocalCertificate(tlsDir);

  const publisherTenantId = randomUUID();
  const workload: WorkloadIdentity = { publisherTenantId, backendAppId: randomUUID(), backendAudience: `api://localdevinstance/${publisherTenantId}/${WORKLOAD_NAME}` };
  const backendClientSecret = randomBytes(24).toString('base64url');
  const idp = await startLocalEntra({ tls: { key: cert.key, cert: cert.cert }, clients: { [workload.backendAppId]: backendClientSecret }, tokenLifetimeSeconds: opts.tokenLifetimeSeconds });
  const started: { stop(): Promise<void> }[] = [idp];
  const stopAll = async () => {
    for (const s of [...started].reverse()) await s.stop();
  };

  const customerTenantId = randomUUID();
  const newUser = (tenantId = customerTenantId): LocalUser => {
    const oid = randomUUID();
    return { tenantId, oid, name: `Local User ${oid.slice(0, 4)}`, upn: `user-${oid.slice(0, 8)}@contoso.local` };
  };
  const user = newUser();
  const queueName = opts.queueName ?? `jobs-${randomUUID().replace(/-/g, '').slice(0, 20)}`;

  let host: RunningHost;
  let fabricApi: LocalFabricApi;
  let keyVault: LocalKeyVault | undefined;
  let managedIdentity: LocalManagedIdentity | undefined;
  let env: Record<string, string>;
  try {
    fabricApi = await startLocalFabricApi({ jwksUri: `${idp.origin}/common/discovery/v2.0/keys`, workloadAppId: workload.backendAppId, publisherTenantId, tls: { key: cert.key, cert: cert.cert } });
    started.push(fabricApi);
    const credentialEnv: Record<string, string> = {};
    if (opts.backendSecretSource === 'keyVault') {
      const identity = { clientId: randomUUID(), principalId: randomUUID() };
      managedIdentity = await startLocalManagedIdentity({ entra: idp, tenantId: publisherTenantId, userAssigned: [identity], tokenLifetimeSeconds: opts.tokenLifetimeSeconds });
      started.push(managedIdentity);
      keyVault = await startLocalKeyVault({
        tls: { key: cert.key, cert: cert.cert },
        authorityHost: idp.origin,
        tenantId: publisherTenantId,
        jwksUri: `${idp.origin}/common/discovery/v2.0/keys`,
        secrets: { 'backend-client-secret': backendClientSecret, 'long-running-grant-key': randomBytes(32).toString('base64') },
      });
      started.push(keyVault);
      Object.assign(credentialEnv, { KEY_VAULT_URI: keyVault.url, AZURE_CLIENT_ID: identity.clientId, ...managedIdentity.env });
    } else {
      credentialEnv.BACKEND_CLIENT_SECRET = backendClientSecret;
    }
    const port = await freePort();
    env = {
      TENANT_ID: workload.publisherTenantId,
      BACKEND_APPID: workload.backendAppId,
      BACKEND_AUDIENCE: workload.backendAudience,
      ENTRA_AUTHORITY_HOST: idp.origin,
      AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
      WORKLOAD_NAME,
      ...credentialEnv,
      AzureWebJobsStorage: storage.connectionString,
      ONELAKE_ENDPOINT: storage.blobEndpoint,
      JOBS_QUEUE_NAME: queueName,
      FABRIC_API_BASE_URL: fabricApi.baseUrl,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}/api`,
      ...opts.env,
    };
    host = await startHost(env, { ...opts.host, port });
  } catch (err) {
    await stopAll();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    baseUrl: host.baseUrl,
    idp,
    workload,
    user,
    backendClientSecret,
    queueName,
    env,
    host,
    fabricApi,
    keyVault,
    managedIdentity,
    headers: (who = user, extra = {}) => fabricHeaders(idp, workload, who ?? undefined, extra),
    frontendHeaders: async (scopes, who = user, extra = {}) => ({ authorization: `Bearer ${await frontendToken(idp, workload, who, scopes, extra)}`, 'content-type': 'application/json' }),
    newUser,
    logs: () => host.logs(),
    stop: () =>
      (stopping ??= (async () => {
        await host.stop();
        await stopAll();
      })()),
  };
}
