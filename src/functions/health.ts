/** GET /api/health (anonymous): readiness for probes and `azd` smoke checks. No secrets, no configuration values. */
import { app } from '@azure/functions';
import { handlers } from '../root';

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', handler: async (request, context) => (await handlers()).health(request, context) });
