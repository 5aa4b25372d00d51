export { createStorageClients } from './clients';
export type { StorageClients, StorageClientsOptions } from './clients';
export { azureErrorCode, azureStatusCode, isStorageOutage, toStorageError, withStorage, STORAGE_RETRY_AFTER_SECONDS } from './errors';
export { endpointsFromConnectionString, assertSecureEndpoint, isLoopbackHttp } from './endpoints';
export type { StorageEndpoints, StorageService } from './endpoints';
export { storageCredentialPlan } from './credential';
export type { StorageCredentialPlan } from './credential';
export { STORAGE_MAX_TRIES, STORAGE_OPERATION_DEADLINE_MS, STORAGE_TIMEOUTS, STORAGE_TRY_TIMEOUT_MS } from './retry';
export type { StorageTimeouts } from './retry';
