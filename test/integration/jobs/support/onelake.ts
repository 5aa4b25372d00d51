/** The OneLake stand-in (the run's Azurite blob service): workspaces are containers, read with the account key. */
import { BlobServiceClient } from '@azure/storage-blob';

function service(): BlobServiceClient {
  const cs = process.env.AZURITE_CONNECTION_STRING;
  if (!cs) throw new Error('AZURITE_CONNECTION_STRING is not set');
  return BlobServiceClient.fromConnectionString(cs);
}

/** OneLake workspaces exist before jobs write into them: create the container. */
export async function createWorkspace(workspaceId: string): Promise<void> {
  await service().getContainerClient(workspaceId).createIfNotExists();
}

/** Blob names under `{itemId}/Files/calculations/`. */
export async function listOutputs(workspaceId: string, itemId: string): Promise<string[]> {
  const names: string[] = [];
  for await (const b of service().getContainerClient(workspaceId).listBlobsFlat({ prefix: `${itemId}/Files/calculations/` })) names.push(b.name);
  return names;
}

export async function readOutput(workspaceId: string, itemId: string, jobInstanceId: string): Promise<unknown | undefined> {
  const blob = service().getContainerClient(workspaceId).getBlockBlobClient(`${itemId}/Files/calculations/${jobInstanceId}.json`);
  if (!(await blob.exists())) return undefined;
  return JSON.parse((await blob.downloadToBuffer()).toString('utf8'));
}

/** What the probe job wrote (`{itemId}/Files/probe/{jobInstanceId}.txt`), if anything. */
export async function readProbeOutput(workspaceId: string, itemId: string, jobInstanceId: string): Promise<string | undefined> {
  const blob = service().getContainerClient(workspaceId).getBlockBlobClient(`${itemId}/Files/probe/${jobInstanceId}.txt`);
  if (!(await blob.exists())) return undefined;
  return (await blob.downloadToBuffer()).toString('utf8');
}
