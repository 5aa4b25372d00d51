/**
 * Resolves a trigger's `connection` setting the way the Functions host does: a connection string in `<name>`
 * (or `AzureWebJobs<name>`), or an identity-based connection from `<name>__queueServiceUri` / `__serviceUri` /
 * `__accountName` with `__credential` and `__clientId`. Resolution is pure; the client is built on first use.
 */
import type { QueueServiceClient } from '@azure/storage-queue';

export type QueueConnection =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | { readonly kind: 'identity'; readonly queueServiceUri: string; readonly credential?: string; readonly clientId?: string };

export class QueueConnectionError extends Error {
  override readonly name = 'QueueConnectionError';
}

export const DEFAULT_CONNECTION = 'AzureWebJobsStorage';

function lookup(settings: Readonly<Record<string, string | undefined>>, key: string): string | undefined {
  const hit = Object.keys(settings).find((k) => k.toLowerCase() === key.toLowerCase());
  const v = hit === undefined ? undefined : settings[hit]?.trim();
  return v ? v : undefined;
}

export function resolveQueueConnection(settings: Readonly<Record<string, string | undefined>>, connection: string | undefined): QueueConnection {
  const name = connection && connection.trim() !== '' ? connection.trim() : DEFAULT_CONNECTION;
  for (const candidate of name === DEFAULT_CONNECTION ? [name] : [name, `AzureWebJobs${name}`]) {
    const cs = lookup(settings, candidate);
    if (cs) return { kind: 'connectionString', connectionString: cs };
    const section = (k: string) => lookup(settings, `${candidate}__${k}`) ?? lookup(settings, `${candidate}:${k}`);
    const uri = section('queueServiceUri') ?? section('serviceUri') ?? (section('accountName') ? `https://${section('accountName')}.queue.core.windows.net` : undefined);
    if (uri) {
      let parsed: URL;
      try {
        parsed = new URL(uri);
      } catch {
        throw new QueueConnectionError(`${candidate}__queueServiceUri is not a valid URL`);
      }
      if (parsed.protocol !== 'https:') throw new QueueConnectionError(`${candidate}__queueServiceUri must use https (identity-based connections send bearer tokens)`);
      return { kind: 'identity', queueServiceUri: uri, credential: section('credential'), clientId: section('clientId') };
    }
  }
  throw new QueueConnectionError(`The queue connection "${name}" is not configured: set ${name} to a connection string (locally e.g. UseDevelopmentStorage=true) or ${name}__queueServiceUri for an identity-based connection`);
}

/** Builds the SDK client (loaded on first use). */
export function createQueueServiceClient(conn: QueueConnection): QueueServiceClient {
  // Lazy require: the CommonJS build, loaded only when the app has queue triggers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { QueueServiceClient } = require('@azure/storage-queue') as typeof import('@azure/storage-queue');
  if (conn.kind === 'connectionString') return QueueServiceClient.fromConnectionString(conn.connectionString);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const identity = require('@azure/identity') as typeof import('@azure/identity');
  const credential =
    conn.credential?.toLowerCase() === 'managedidentity'
      ? new identity.ManagedIdentityCredential(conn.clientId ? { clientId: conn.clientId } : {})
      : new identity.DefaultAzureCredential(conn.clientId ? { managedIdentityClientId: conn.clientId } : {});
  return new QueueServiceClient(conn.queueServiceUri, credential);
}
