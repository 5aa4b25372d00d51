/** Fabric REST APIs the backend calls (FABRIC_API_BASE_URL): ResolvePermissions (workload-control). */
import { getConfig } from '../config';
import { getTokenClient } from '../tokens/runtime';
import { FabricApiClient } from './client';

export { FabricApiClient, parsePermissions, DEFAULT_PERMISSIONS_TTL_MS } from './client';
export type { FabricApiClientOptions, FabricCaller } from './client';
export { AccessDeniedError, FabricApiFailedError, FabricApiUnavailableError, FabricThrottledError } from './errors';
export { TtlCache } from './ttl-cache';

let client: FabricApiClient | undefined;

/** The process's Fabric client (its permissions cache lives as long as the process). */
export function getFabricApiClient(): FabricApiClient {
  client ??= new FabricApiClient({ baseUrl: getConfig().fabricApiBaseUrl, tokens: getTokenClient });
  return client;
}
