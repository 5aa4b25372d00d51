/** Endpoint resolution (Fabric, app token only): answers the URL Fabric should call and for how long. */
import { app, type HttpHandler } from '@azure/functions';
import { handlers } from '../root';

const handler: HttpHandler = async (request, context) => (await handlers()).resolveEndpoint(request, context);

app.http('resolveEndpoint', { methods: ['POST'], authLevel: 'anonymous', route: 'resolve-endpoint', handler });
app.http('resolveApiPathPlaceholder', { methods: ['POST'], authLevel: 'anonymous', route: 'resolve-api-path-placeholder', handler });
