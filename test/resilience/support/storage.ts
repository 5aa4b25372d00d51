/**
 * The run's Azurite (jest global setup) as tests need it: the local certificate pair, the connection string with one
 * service moved behind a fault proxy, the OneLake stand-in (blob containers = workspaces), and table snapshots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import type { TableClient } from '@azure/data-tables';
import { REPO_ROOT } from '../../../devtools/host/child-process';
import { createStorageClients } from '../../../src/storage/clients';

export function localTls(): { key: string; cert: string } {
  const dir = join(REPO_ROOT, '.cache', 'tls');
  return { key: readFileSync(join(dir, 'localhost-key.pem'), 'utf8'), cert: readFileSync(join(dir, 'localhost-cert.pem'), 'utf8') };
}

export function azuriteConnectionString(): string {
  const cs = process.env.AZURITE_CONNECTION_STRING;
  if (!cs) throw new Error('AZURITE_CONNECTION_STRING is not set: run through jest (its global setup starts Azurite)');
  return cs;
}

export function azuriteBlobEndpoint(): string {
  const e = process.env.AZURITE_BLOB_ENDPOINT;
  if (!e) throw new Error('AZURITE_BLOB_ENDPOINT is not set: run through jest (its global setup starts Azurite)');
  return e;
}

/** The origin (https://127.0.0.1:port) of one service of the connection string. */
export function serviceOrigin(connectionString: string, service: 'Table' | 'Queue' | 'Blob'): string {
  const m = new RegExp(`${service}Endpoint=([^;]+)`).exec(connectionString);
  if (!m) throw new Error(`no ${service}Endpoint in the connection string`);
  return new URL(m[1]).origin;
}

/** The connection string with one service's endpoint moved to another origin (same account path). */
export function withServiceOrigin(connectionString: string, service: 'Table' | 'Queue' | 'Blob', origin: string): string {
  return connectionString.replace(new RegExp(`${service}Endpoint=https?://[^/;]+`), `${service}Endpoint=${origin}`);
}

/** OneLake workspaces exist before jobs write into them: the container is the workspace. */
export async function createOneLakeWorkspace(workspaceId: string): Promise<void> {
  await BlobServiceClient.fromConnectionString(azuriteConnectionString()).getContainerClient(workspaceId).createIfNotExists();
}

export async function readOneLakeFile(workspaceId: string, path: string): Promise<string | undefined> {
  const blob = BlobServiceClient.fromConnectionString(azuriteConnectionString()).getContainerClient(workspaceId).getBlockBlobClient(path);
  if (!(await blob.exists())) return undefined;
  return (await blob.downloadToBuffer()).toString('utf8');
}

const storage = createStorageClients({ connectionString: process.env.AZURITE_CONNECTION_STRING });

export const itemsTable = (): Promise<TableClient> => storage.getTableClient('FabricItems');
export const jobsTable = (): Promise<TableClient> => storage.getTableClient('FabricJobs');

/**
 * Every entity of a tenant's partition in the items and jobs tables, all properties (binary as base64, etags
 * included), keyed by table/RowKey: two equal snapshots mean nothing was written.
 */
export async function snapshotTenant(tenantId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, table] of [['items', await itemsTable()], ['jobs', await jobsTable()]] as const) {
    for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenantId}'` } })) {
      out.set(`${name}/${e.rowKey}`, JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint8Array ? `bin:${Buffer.from(v).toString('base64')}` : v)));
    }
  }
  return out;
}
