import type { HttpHandler } from '../http/handler';
import { httpHandler } from '../http/handler';
import { checkReadiness, readinessResponse } from './readiness';

/** GET /api/health: 200 { status: 'ready', checks } or 503 naming the failed check. */
export const healthHandler: HttpHandler = httpHandler(async () => readinessResponse(await checkReadiness()));
