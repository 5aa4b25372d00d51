/**
 * Azurite (tables, queues, blobs) in memory as a child process on free ports.
 * Used by the tests and by the sandbox; nothing is written to disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The well-known public development account of Azurite (not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteInstance {
  /** https://127.0.0.1:<port>/devstoreaccount1 when started with TLS (the OneLake stand-in accepts Entra bearer tokens). */
  readonly blobEndpoint: string;
  readonly blobPort: number;
  readonly queuePort: number;
  readonly tablePort: number;
  readonly connectionString: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Storage endpoints use the IP address, never `localhost`: the Functions host's .NET storage SDK reads the account
 * from the path (http://host:port/devstoreaccount1/queue) only for IP hosts; with `localhost` it takes
 * "devstoreaccount1" for the queue or container name. The TLS certificate (devtools/tls.ts) names 127.0.0.1 too.
 */
export const STORAGE_HOST = '127.0.0.1';

export function azuriteEndpoint(port: number, scheme: 'http' | 'https' = 'http'): string {
  return `${scheme}://${STORAGE_HOST}:${port}/${AZURITE_ACCOUNT}`;
}

export function azuriteConnectionString(ports: { blobPort: number; queuePort: number; tablePort: number }, scheme: 'http' | 'https' = 'http'): string {
  const base = (p: number) => azuriteEndpoint(p, scheme);
  return `DefaultEndpointsProtocol=${scheme};AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${base(ports.blobPort)};QueueEndpoint=${base(ports.queuePort)};TableEndpoint=${base(ports.tablePort)};`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface AzuriteOptions {
  /**
   * Serve HTTPS with this certificate and accept Entra bearer tokens (--oauth basic: issuer, audience and lifetime
   * are checked, as OneLake/Storage do; the signature is not). Clients must trust the cert (NODE_EXTRA_CA_CERTS).
   */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
  readonly timeoutMs?: number;
}

export async function startAzurite({ tls, timeoutMs = 20_000 }: AzuriteOptions = {}): Promise<AzuriteInstance> {
  const [blobPort, queuePort, tablePort] = [await freePort(), await freePort(), await freePort()];
  const entry = require.resolve('azurite/dist/src/azurite.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, '--inMemoryPersistence', '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose',
      '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
      '--blobPort', String(blobPort), '--queuePort', String(queuePort), '--tablePort', String(tablePort),
      ...(tls ? ['--cert', tls.certPath, '--key', tls.keyPath, '--oauth', 'basic'] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${timeoutMs} ms: ${err || out}`)), timeoutMs);
    const onEarlyExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code}: ${err || out}`));
    };
    child.once('exit', onEarlyExit);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if ((out.match(/successfully listening/g) ?? []).length >= 3) {
        clearTimeout(timer);
        // Only this listener: stdout keeps flowing (e.g. on shutdown), and stop() waits on its own 'exit' listener.
        child.off('exit', onEarlyExit);
        resolve();
      }
    });
  });
  const ports = { blobPort, queuePort, tablePort };
  const scheme = tls ? 'https' : 'http';
  return {
    ...ports,
    blobEndpoint: azuriteEndpoint(blobPort, scheme),
    pid: child.pid!,
    connectionString: azuriteConnectionString(ports, scheme),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
