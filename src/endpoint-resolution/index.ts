/** Endpoint resolution: where Fabric sends this workload's calls. */
export { createEndpointResolutionRoute, parseEndpointResolutionRequest, resolveEndpoint, ENDPOINT_CONTEXT_NAMES, ENDPOINT_TTL_MINUTES } from './route';
export type { EndpointContextProperty } from './route';
