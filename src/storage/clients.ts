/**
 * Storage clients for everyone (items, jobs, host storage): one factory, clients cached per instance, tables and
 * queues created on first use. SDKs load on first use only (cold start). Connection string (Azurite locally, or a
 * real account) wins over identity-based service URIs, as in the Functions host.
 */
import type { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import type { QueueClient } from '@azure/storage-queue';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { StorageConfig } from '../config/config';
import { createStorageCredential, storageCredentialPlan } from './credential';
import { assertSecureEndpoint, credentialFromConnectionString, endpointsFromConnectionString, isLoopbackHttp, type StorageService } from './endpoints';
import { withStorage } from './errors';
import { blobPipeline, queuePipeline, withSas, type StorageCredential } from './pipeline';
import { STORAGE_TIMEOUTS, tableClientOptions, type StorageTimeouts } from './retry';
import { loadDataTables, loadStorageBlob, loadStorageQueue } from './sdk';

export interface StorageClients {
  /** The table, created if missing (an existing table is fine). Outages → ServiceUnavailableError. */
  getTableClient(tableName: string): Promise<TableClient>;
  /** The queue, created if missing. Outages → ServiceUnavailableError. */
  getQueueClient(queueName: string): Promise<QueueClient>;
  /** The blob service (containers are the caller's business). */
  getBlobServiceClient(): Promise<BlobServiceClient>;
}

export interface StorageClientsOptions {
  /** Client id of the user-assigned identity when the storage config has none (AZURE_CLIENT_ID). */
  readonly managedIdentityClientId?: string;
  /** Use this credential for identity-based connections instead of a managed identity (tests, tools). */
  readonly credential?: TokenCredential;
  /** Storage timeouts (default STORAGE_TIMEOUTS; tests shorten them). */
  readonly timeouts?: Partial<StorageTimeouts>;
}

const SETTING: Record<StorageService, string> = {
  table: 'AzureWebJobsStorage__tableServiceUri',
  queue: 'AzureWebJobsStorage__queueServiceUri',
  blob: 'AzureWebJobsStorage__blobServiceUri',
};

type Connection = { readonly kind: 'connectionString'; readonly connectionString: string; readonly endpoint: string } | { readonly kind: 'identity'; readonly endpoint: string };

export function createStorageClients(config: StorageConfig, options: StorageClientsOptions = {}): StorageClients {
  const tables = new Map<string, Promise<TableClient>>();
  const queues = new Map<string, Promise<QueueClient>>();
  let blobService: Promise<BlobServiceClient> | undefined;
  let credential: TokenCredential | undefined = options.credential;

  const connection = (service: StorageService): Connection => {
    if (config.connectionString) {
      const endpoint = assertSecureEndpoint(endpointsFromConnectionString(config.connectionString)[service], 'AzureWebJobsStorage');
      return { kind: 'connectionString', connectionString: config.connectionString, endpoint };
    }
    const uri = service === 'table' ? config.tableServiceUri : service === 'queue' ? config.queueServiceUri : config.blobServiceUri;
    return { kind: 'identity', endpoint: assertSecureEndpoint(uri, SETTING[service]) };
  };
  const timeouts: StorageTimeouts = { ...STORAGE_TIMEOUTS, ...options.timeouts };
  const getCredential = (): TokenCredential => {
    credential ??= createStorageCredential(storageCredentialPlan(config.clientId, options.managedIdentityClientId));
    return credential;
  };
  const storageCredential = (c: Connection): StorageCredential =>
    c.kind === 'connectionString' ? credentialFromConnectionString(c.connectionString) : { kind: 'token', credential: getCredential() };
  /** Caches the promise; a failure is forgotten so the next call tries again (storage may be back). */
  const cached = <T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
    let p = cache.get(key);
    if (!p) {
      p = make();
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return p;
  };

  return {
    getTableClient(tableName) {
      return cached(tables, tableName, async () => {
        const c = connection('table');
        const { TableClient } = loadDataTables();
        const clientOptions = tableClientOptions(isLoopbackHttp(c.endpoint), { timeouts });
        const client =
          c.kind === 'connectionString'
            ? TableClient.fromConnectionString(c.connectionString, tableName, clientOptions)
            : new TableClient(c.endpoint, tableName, getCredential(), clientOptions);
        await withStorage(`create table ${tableName}`, () => client.createTable());
        return client;
      });
    },
    getQueueClient(queueName) {
      return cached(queues, queueName, async () => {
        const c = connection('queue');
        const { QueueClient } = loadStorageQueue();
        const credential = storageCredential(c);
        const client = new QueueClient(withSas(`${c.endpoint}/${encodeURIComponent(queueName)}`, credential), queuePipeline(credential, timeouts.queueBlobTryTimeoutMs));
        await withStorage(`create queue ${queueName}`, () => client.createIfNotExists());
        return client;
      });
    },
    getBlobServiceClient() {
      if (!blobService) {
        const p = (async () => {
          const c = connection('blob');
          const { BlobServiceClient } = loadStorageBlob();
          const credential = storageCredential(c);
          return new BlobServiceClient(withSas(c.endpoint, credential), blobPipeline(credential, timeouts.queueBlobTryTimeoutMs));
        })();
        blobService = p;
        p.catch(() => (blobService = undefined));
      }
      return blobService;
    },
  };
}
