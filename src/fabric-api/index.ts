/** Fabric REST APIs the backend calls (FABRIC_API_BASE_URL): ResolvePermissions (workload-control). */
export { FabricApiClient, parsePermissions, DEFAULT_PERMISSIONS_TTL_MS } from './client';
export type { FabricApiClientOptions, FabricCaller } from './client';
export { AccessDeniedError, FabricApiFailedError, FabricApiUnavailableError, FabricThrottledError } from './errors';
export { TtlCache } from './ttl-cache';
