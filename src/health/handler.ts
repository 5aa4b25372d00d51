import type { HttpHandler } from '../http/handler';
import { httpHandler } from '../http/handler';
import { appReadinessCheck, readinessResponse, type ReadinessTargets } from './readiness';

/** GET /api/health for the app `load` answers: 200 { status: 'ready', checks } or 503 naming the failed check. */
export function createHealthHandler(load: () => ReadinessTargets): HttpHandler {
  const check = appReadinessCheck(load);
  return httpHandler(async () => readinessResponse(await check()));
}
