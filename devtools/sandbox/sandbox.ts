/**
 * The sandbox: everything the endpoint needs, on this machine, with no Azure and no secrets to provide.
 * Azurite in memory (HTTPS; tables, queues, and blobs as the OneLake stand-in), the local Entra ID (HTTPS), the local
 * Key Vault holding the backend client secret and the long-running grant key, the local managed-identity endpoint
 * the host reads the vault with, the local Fabric API, the dev-only control API, and the host as a child process.
 * The process must trust the certificate (NODE_EXTRA_CA_CERTS at start): cli.ts takes care of that.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azuriteEndpoint, freePort, startAzurite, type AzuriteInstance } from '../azurite';
import { REPO_ROOT, startHostProcess, type HostProcess } from '../host/child-process';
import type { LocalUser, WorkloadIdentity } from '../local-entra/fabric-tokens';
import { startLocalManagedIdentity } from '../local-entra/managed-identity';
import { startLocalEntra } from '../local-entra/server';
import { startLocalFabricApi } from '../local-fabric-api/server';
import { startLocalKeyVault } from '../local-keyvault/server';
import { ControlApi } from './control-api';
import { OneLakeAdmin } from './onelake-admin';
import { DEFAULT_STATE_FILE, isAlive, killPid, removeSandboxState, writeSandboxState, type SandboxState } from './state';

export const WORKLOAD_NAME = 'Org.FabricRemoteEndpoint';

export interface SandboxOptions {
  /** Certificate pair made for this run (localhost-cert.pem, localhost-key.pem), trusted by this process. */
  readonly tlsDir: string;
  /** Host port (default 7071; 0 = any free port). */
  readonly port?: number;
  /** 'keyVault' (default): the host reads the backend secret from the local Key Vault; 'environment': BACKEND_CLIENT_SECRET. */
  readonly secretSource?: 'keyVault' | 'environment';
  readonly stateFile?: string;
  /** Node options for the host's language worker (languageWorkers__node__arguments), e.g. --inspect=127.0.0.1:9229. */
  readonly workerArguments?: string;
  /** Host output as it arrives. */
  readonly onHostOutput?: (text: string) => void;
  readonly log?: (line: string) => void;
}

export interface Sandbox {
  readonly state: SandboxState;
  /** Start-up phases and how long each took, ms. */
  readonly timings: Readonly<Record<string, number>>;
  /** Child processes (host, Azurite) still to be stopped. */
  readonly childPids: readonly number[];
  /** What stop() stops, in order. */
  readonly parts: readonly string[];
  /** Restarts the app in the host (after a rebuild): the services and their state stay. */
  reloadHost(): Promise<void>;
  /**
   * Stops the host first (in-flight work gets `hostGraceMs`, default 1 s, then the host is killed: the sandbox keeps
   * nothing across runs), then every local service at once. Idempotent.
   */
  stop(options?: { hostGraceMs?: number }): Promise<void>;
  /** Last resort for exit handlers: kills the child processes at once. */
  kill(): void;
}

interface Stoppable {
  readonly name: string;
  stop(): Promise<unknown>;
}

/** In-flight work the host may finish when the sandbox stops; then it is killed. */
const HOST_STOP_GRACE_MS = 1_000;
const SERVICE_STOP_MS = 1_000;

const named = (name: string, s: { stop(): Promise<unknown> }): Stoppable => ({ name, stop: () => s.stop() });

/** Waits for a stop, but never longer than ms (a service that is already gone must not hang the shutdown). */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    p.then(
      () => {
        clearTimeout(t);
        resolve();
      },
      () => {
        clearTimeout(t);
        resolve();
      },
    );
  });
}

/**
 * Stops a child process by pid: asks it (stop()), and resolves as soon as the process is gone, whatever the
 * ChildProcess events say; SIGKILL after graceMs. Resolves true if it had to be killed.
 */
function stopProcess(pid: number, stop: () => Promise<unknown>, graceMs = 5000): Promise<boolean> {
  void stop().catch(() => undefined);
  return new Promise((resolve) => {
    const t0 = Date.now();
    let killed = false;
    const poll = setInterval(() => {
      if (!isAlive(pid)) {
        clearInterval(poll);
        resolve(killed);
      } else if (Date.now() - t0 > graceMs) {
        killed = true;
        killPid(pid);
      }
    }, 25);
  });
}

export async function startSandbox(o: SandboxOptions): Promise<Sandbox> {
  const log = o.log ?? (() => undefined);
  const certPath = join(o.tlsDir, 'localhost-cert.pem');
  const keyPath = join(o.tlsDir, 'localhost-key.pem');
  const tls = { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };

  const publisherTenantId = randomUUID();
  const workload: WorkloadIdentity = { publisherTenantId, backendAppId: randomUUID(), backendAudience: `api://localdevinstance/${publisherTenantId}/${WORKLOAD_NAME}` };
  const user: LocalUser = { tenantId: randomUUID(), oid: randomUUID(), name: 'Sandbox User', upn: 'sandbox.user@contoso.local' };
  const workspaceId = randomUUID();
  const backendSecret = randomBytes(24).toString('base64url');
  const controlKey = randomBytes(24).toString('base64url');

  const started: Stoppable[] = [];
  let azurite: AzuriteInstance | undefined;
  let host: HostProcess | undefined;
  // Every service is in memory and independent of the others: they stop together, each given at most 1 s.
  const stopServices = async () => {
    const stopping = [...started].reverse();
    started.length = 0;
    await Promise.all(stopping.map((s) => within(s.stop(), SERVICE_STOP_MS)));
  };

  const timings: Record<string, number> = {};
  let mark = Date.now();
  const lap = (phase: string) => {
    timings[phase] = Date.now() - mark;
    mark = Date.now();
  };

  try {
    const [az, idp] = await Promise.all([startAzurite({ tls: { certPath, keyPath } }), startLocalEntra({ tls, clients: { [workload.backendAppId]: backendSecret } })]);
    azurite = az;
    lap('Azurite + Entra ID');
    started.push({ name: 'Azurite', stop: () => stopProcess(az.pid, () => az.stop(), SERVICE_STOP_MS) }, named('local Entra ID', idp));
    const jwksUri = `${idp.origin}/common/discovery/v2.0/keys`;
    const identity = { clientId: randomUUID(), principalId: randomUUID() };
    const [fabricApi, managedIdentity, keyVault] = await Promise.all([
      startLocalFabricApi({ jwksUri, workloadAppId: workload.backendAppId, publisherTenantId, tls }),
      startLocalManagedIdentity({ entra: idp, tenantId: publisherTenantId, userAssigned: [identity] }),
      startLocalKeyVault({ tls, authorityHost: idp.origin, tenantId: publisherTenantId, jwksUri, secrets: { 'backend-client-secret': backendSecret, 'long-running-grant-key': randomBytes(32).toString('base64') } }),
    ]);
    started.push(named('local Fabric API', fabricApi), named('managed-identity endpoint', managedIdentity), named('local Key Vault', keyVault));

    lap('Key Vault, identity, Fabric API');
    const oneLake = new OneLakeAdmin({ blobEndpoint: az.blobEndpoint, ca: tls.cert, idp, tenantId: publisherTenantId });
    await oneLake.createWorkspace(workspaceId);

    // A known port (even for "any free port") lets the endpoint know its public base URL before it starts.
    const port = o.port === 0 ? await freePort() : (o.port ?? 7071);
    const credentialEnv: Record<string, string> =
      o.secretSource === 'environment' ? { BACKEND_CLIENT_SECRET: backendSecret } : { KEY_VAULT_URI: keyVault.url, AZURE_CLIENT_ID: identity.clientId, ...managedIdentity.env };
    const env: Record<string, string> = {
      NODE_EXTRA_CA_CERTS: certPath,
      AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
      TENANT_ID: workload.publisherTenantId,
      BACKEND_APPID: workload.backendAppId,
      BACKEND_AUDIENCE: workload.backendAudience,
      ENTRA_AUTHORITY_HOST: idp.origin,
      WORKLOAD_NAME,
      ...credentialEnv,
      AzureWebJobsStorage: az.connectionString,
      ONELAKE_ENDPOINT: az.blobEndpoint,
      JOBS_QUEUE_NAME: 'fabric-jobs',
      FABRIC_API_BASE_URL: fabricApi.baseUrl,
      FABRIC_PERMISSIONS_CACHE_SECONDS: '0', // `npm run fabric -- grant` applies at once
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}/api`,
      ...(o.workerArguments ? { languageWorkers__node__arguments: o.workerArguments } : {}),
    };

    const published: { state?: SandboxState } = {};
    const control = await new ControlApi({ key: controlKey, idp, workload, defaultUser: user, oneLake, fabricApi, info: () => ({ ...published.state, controlKey: undefined }), log }).start();
    started.push(named('control API', control));

    lap('workspace, control API');
    host = await startHostProcess({ env, port, onOutput: o.onHostOutput, scriptRoot: REPO_ROOT });
    lap('host');
    const state: SandboxState = {
      version: 1,
      pid: process.pid,
      childPids: { host: host.pid, azurite: az.pid },
      startedAt: new Date().toISOString(),
      baseUrl: host.baseUrl,
      controlUrl: control.url,
      controlKey,
      workload,
      user,
      workspaceId,
      services: {
        'Function host': host.baseUrl,
        'Local Entra ID': idp.origin,
        'Azurite blob (OneLake stand-in)': az.blobEndpoint,
        'Azurite queue': azuriteEndpoint(az.queuePort, 'https'),
        'Azurite table': azuriteEndpoint(az.tablePort, 'https'),
        ...(o.secretSource === 'environment' ? {} : { 'Local Key Vault': keyVault.url, 'Managed identity endpoint': managedIdentity.endpoint }),
        'Local Fabric API': fabricApi.baseUrl,
        'Control API (dev only)': control.url,
      },
    };
    published.state = state;
    const stateFile = o.stateFile ?? DEFAULT_STATE_FILE;
    writeSandboxState(state, stateFile);

    let stopping: Promise<void> | undefined;
    const running = host;
    return {
      state,
      timings,
      childPids: [running.pid, az.pid],
      parts: ['function host', ...started.map((s) => s.name).reverse()],
      reloadHost: () => running.reload(),
      stop: ({ hostGraceMs = HOST_STOP_GRACE_MS } = {}) =>
        (stopping ??= (async () => {
          if (await stopProcess(running.pid, () => running.stop(), hostGraceMs)) log(`The function host was still running in-flight work after ${hostGraceMs} ms: stopped it.`);
          await stopServices();
          removeSandboxState(stateFile);
        })()),
      kill: () => {
        running.kill();
        killPid(az.pid);
      },
    };
  } catch (err) {
    if (host) await within(host.stop(), 12_000);
    await stopServices();
    if (azurite) killPid(azurite.pid);
    throw err;
  }
}
