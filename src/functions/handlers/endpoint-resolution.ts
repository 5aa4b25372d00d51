/** Handler of src/functions/endpoint-resolution.ts, loaded on first use. */
import { createEndpointResolutionRoute } from '../../endpoint-resolution/route';
import { controlPlane, getApp } from './app';

export const resolveEndpoint = controlPlane({ subjectToken: 'optional', tenantHeader: 'notSent' }, createEndpointResolutionRoute(() => getApp().config.publicBaseUrl));
