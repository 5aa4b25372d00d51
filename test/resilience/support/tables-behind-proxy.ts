/**
 * The whole local system through the real host with Table Storage behind a fault proxy (queues, blobs and OneLake
 * reached directly), for the storage resilience tests. `stop()` also checks the host never logged an internal error.
 */
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../../support/environment';
import { send, type Answer } from './answers';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { azuriteBlobEndpoint, azuriteConnectionString, localTls, serviceOrigin, withServiceOrigin } from './storage';

export interface TablesBehindProxy {
  readonly env: TestEnvironment;
  readonly tables: FaultProxy;
  /** A control-plane call with the environment's headers (a JSON body when given). */
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  stop(): Promise<void>;
}

export async function startWithTablesBehindProxy(): Promise<TablesBehindProxy> {
  const cs = azuriteConnectionString();
  const tables = await startFaultProxy({ target: serviceOrigin(cs, 'Table'), tls: localTls() });
  let env: TestEnvironment;
  try {
    env = await startTestEnvironment({ storage: { connectionString: withServiceOrigin(cs, 'Table', tables.origin), blobEndpoint: azuriteBlobEndpoint() } });
  } catch (err) {
    await tables.stop();
    throw err;
  }
  return {
    env,
    tables,
    call: async (method, path, body) => send(env.baseUrl, method, path, { headers: await env.headers(), body: body === undefined ? undefined : JSON.stringify(body) }),
    stop: async () => {
      try {
        await stopCheckingLogs(env);
      } finally {
        await tables.stop();
      }
    },
  };
}
