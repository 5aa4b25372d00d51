/** GET /api/health (anonymous): readiness for probes and `azd` smoke checks. No secrets, no configuration values. */
import { app } from '@azure/functions';
import { healthHandler } from '../health/handler';

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', handler: healthHandler });
