/**
 * Queue and blob clients on a pipeline with a client-side per-try timeout. The storage SDKs' own `tryTimeoutInMs`
 * only asks the server to give up (a `timeout` URL parameter): against a host that accepts the connection and never
 * answers, a request would wait forever. This factory sets the request's timeout, which aborts the socket.
 */
import type { TokenCredential } from '@azure/identity';
import type { Pipeline as QueuePipeline } from '@azure/storage-queue';
import type { Pipeline as BlobPipeline } from '@azure/storage-blob';
import type { ConnectionStringCredential } from './endpoints';
import { storagePipelineOptions } from './retry';
import { loadStorageBlob, loadStorageQueue } from './sdk';

/** A v1 request policy factory (the shape both storage SDKs accept in Pipeline.factories). */
interface TimeoutRequest {
  timeout: number;
}
interface NextPolicy<R> {
  sendRequest(request: TimeoutRequest): Promise<R>;
}

export function tryTimeoutFactory(tryTimeoutMs: number) {
  return {
    create<R>(next: NextPolicy<R>): NextPolicy<R> {
      return {
        sendRequest(request) {
          if (!request.timeout) request.timeout = tryTimeoutMs;
          return next.sendRequest(request);
        },
      };
    },
  };
}

export type StorageCredential = { readonly kind: 'token'; readonly credential: TokenCredential } | ConnectionStringCredential;

/** `url` with the SAS token appended when the credential is a SAS. */
export function withSas(url: string, credential: StorageCredential): string {
  return credential.kind === 'sas' ? `${url}${url.includes('?') ? '&' : '?'}${credential.sas}` : url;
}

export function queuePipeline(credential: StorageCredential, tryTimeoutMs: number): QueuePipeline {
  const sdk = loadStorageQueue();
  const c = credential.kind === 'token' ? credential.credential : credential.kind === 'sharedKey' ? new sdk.StorageSharedKeyCredential(credential.accountName, credential.accountKey) : new sdk.AnonymousCredential();
  const pipeline = sdk.newPipeline(c, storagePipelineOptions(tryTimeoutMs));
  pipeline.factories.push(tryTimeoutFactory(tryTimeoutMs) as unknown as QueuePipeline['factories'][number]);
  return pipeline;
}

export function blobPipeline(credential: StorageCredential, tryTimeoutMs: number): BlobPipeline {
  const sdk = loadStorageBlob();
  const c = credential.kind === 'token' ? credential.credential : credential.kind === 'sharedKey' ? new sdk.StorageSharedKeyCredential(credential.accountName, credential.accountKey) : new sdk.AnonymousCredential();
  const pipeline = sdk.newPipeline(c, storagePipelineOptions(tryTimeoutMs));
  pipeline.factories.push(tryTimeoutFactory(tryTimeoutMs) as unknown as BlobPipeline['factories'][number]);
  return pipeline;
}
