/** Endpoint resolution, both generations: POST /resolve-endpoint (toolkit) and /resolve-api-path-placeholder (WDK). App token only. */
import { app } from '@azure/functions';
import { controlPlane } from '../auth/inbound/pre-handlers';
import { getConfig } from '../config/runtime';
import { createEndpointResolutionRoute } from '../workload/endpoint-resolution';

const handler = controlPlane({ subjectToken: 'optional', tenantHeader: 'notSent' }, createEndpointResolutionRoute(() => getConfig().publicBaseUrl));

app.http('resolveEndpoint', { methods: ['POST'], authLevel: 'anonymous', route: 'resolve-endpoint', handler });
app.http('resolveApiPathPlaceholder', { methods: ['POST'], authLevel: 'anonymous', route: 'resolve-api-path-placeholder', handler });
