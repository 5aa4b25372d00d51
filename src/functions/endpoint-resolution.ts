/** Endpoint resolution (Fabric, app token only): answers the URL Fabric should call and for how long. */
import { app, type HttpHandler } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

const handler: HttpHandler = lazyHandler(async () => (await import('./handlers/endpoint-resolution.js')).resolveEndpoint);

app.http('resolveEndpoint', { methods: ['POST'], authLevel: 'anonymous', route: 'resolve-endpoint', handler });
app.http('resolveApiPathPlaceholder', { methods: ['POST'], authLevel: 'anonymous', route: 'resolve-api-path-placeholder', handler });
