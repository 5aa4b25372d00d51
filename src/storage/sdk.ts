/**
 * The storage SDKs, loaded on first use (cold start): each is required only when its first client is built.
 * A lazy `require` loads the CommonJS build, the same build that `import type` describes, so the types callers
 * see and the classes they get are one and the same.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export type DataTablesSdk = typeof import('@azure/data-tables');
export type StorageQueueSdk = typeof import('@azure/storage-queue');
export type StorageBlobSdk = typeof import('@azure/storage-blob');
export type IdentitySdk = typeof import('@azure/identity');

export const loadDataTables = (): DataTablesSdk => require('@azure/data-tables') as DataTablesSdk;
export const loadStorageQueue = (): StorageQueueSdk => require('@azure/storage-queue') as StorageQueueSdk;
export const loadStorageBlob = (): StorageBlobSdk => require('@azure/storage-blob') as StorageBlobSdk;
export const loadIdentity = (): IdentitySdk => require('@azure/identity') as IdentitySdk;
