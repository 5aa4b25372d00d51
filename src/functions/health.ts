/** GET /api/health (anonymous): readiness for probes and `azd` smoke checks. No secrets, no configuration values. */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', handler: lazyHandler(async () => (await import('./handlers/health.js')).healthHandler) });
