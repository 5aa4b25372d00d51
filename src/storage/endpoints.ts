/**
 * Where the storage services live, from a connection string or identity-based service URIs. Pure: no I/O.
 * Plain http is accepted for loopback hosts only (Azurite); anything else must be https.
 */
import { ConfigError } from '../config/errors';

export type StorageService = 'table' | 'queue' | 'blob';

export interface StorageEndpoints {
  readonly table?: string;
  readonly queue?: string;
  readonly blob?: string;
}

/** Azurite's default ports, used by `UseDevelopmentStorage=true`. */
const DEVELOPMENT_ENDPOINTS: Required<StorageEndpoints> = {
  blob: 'http://127.0.0.1:10000/devstoreaccount1',
  queue: 'http://127.0.0.1:10001/devstoreaccount1',
  table: 'http://127.0.0.1:10002/devstoreaccount1',
};

const EXPLICIT_KEYS: Record<StorageService, string> = { table: 'tableendpoint', queue: 'queueendpoint', blob: 'blobendpoint' };
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** key=value pairs separated by semicolons; keys are case-insensitive, values may contain '='. */
export function parseConnectionString(connectionString: string): ReadonlyMap<string, string> {
  const pairs = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) throw new ConfigError(['AzureWebJobsStorage is not a valid connection string (expected key=value pairs separated by ";")']);
    pairs.set(trimmed.slice(0, eq).trim().toLowerCase(), trimmed.slice(eq + 1).trim());
  }
  return pairs;
}

/** Azurite's well-known development account (public; not a secret). */
const DEVELOPMENT_ACCOUNT = { accountName: 'devstoreaccount1', accountKey: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==' };

/** How a connection string authenticates: account name + key, or a SAS token. */
export type ConnectionStringCredential =
  | { readonly kind: 'sharedKey'; readonly accountName: string; readonly accountKey: string }
  | { readonly kind: 'sas'; readonly sas: string };

export function credentialFromConnectionString(connectionString: string): ConnectionStringCredential {
  const pairs = parseConnectionString(connectionString);
  if (pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true') return { kind: 'sharedKey', ...DEVELOPMENT_ACCOUNT };
  const accountName = pairs.get('accountname');
  const accountKey = pairs.get('accountkey');
  if (accountName && accountKey) return { kind: 'sharedKey', accountName, accountKey };
  const sas = pairs.get('sharedaccesssignature');
  if (sas) return { kind: 'sas', sas: sas.replace(/^\?/, '') };
  throw new ConfigError(['AzureWebJobsStorage has neither AccountName+AccountKey nor SharedAccessSignature']);
}

/** The service endpoints a connection string points at (explicit *Endpoint keys, or account name + suffix). */
export function endpointsFromConnectionString(connectionString: string): StorageEndpoints {
  const pairs = parseConnectionString(connectionString);
  if (pairs.get('usedevelopmentstorage')?.toLowerCase() === 'true') return DEVELOPMENT_ENDPOINTS;
  const protocol = (pairs.get('defaultendpointsprotocol') ?? 'https').toLowerCase();
  const account = pairs.get('accountname');
  const suffix = pairs.get('endpointsuffix') ?? 'core.windows.net';
  const endpoint = (service: StorageService): string | undefined => {
    const explicit = pairs.get(EXPLICIT_KEYS[service]);
    if (explicit) return explicit.replace(/\/+$/, '');
    return account ? `${protocol}://${account}.${service}.${suffix}` : undefined;
  };
  return { table: endpoint('table'), queue: endpoint('queue'), blob: endpoint('blob') };
}

/** True for http://127.0.0.1, http://localhost and http://[::1]: the only places plain http is allowed. */
export function isLoopbackHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname);
}

/** Throws ConfigError unless the endpoint is https, or http on a loopback host. */
export function assertSecureEndpoint(url: string | undefined, setting: string): string {
  if (url === undefined) throw new ConfigError([`${setting} is not configured: no storage endpoint for this service`]);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError([`${setting} does not contain a valid storage endpoint URL`]);
  }
  if (u.protocol !== 'https:' && !isLoopbackHttp(url)) {
    throw new ConfigError([`${setting} must use https (plain http is accepted for 127.0.0.1/localhost only)`]);
  }
  return url.replace(/\/+$/, '');
}
