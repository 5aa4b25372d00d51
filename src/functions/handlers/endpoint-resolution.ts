/** Handler of src/functions/endpoint-resolution.ts, loaded on first use. */
import { controlPlane } from '../../auth/inbound/pre-handlers';
import { getConfig } from '../../config/runtime';
import { createEndpointResolutionRoute } from '../../endpoint-resolution/route';

export const resolveEndpoint = controlPlane({ subjectToken: 'optional', tenantHeader: 'notSent' }, createEndpointResolutionRoute(() => getConfig().publicBaseUrl));
