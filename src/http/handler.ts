import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { createLogger, type Logger } from '../observability/logger';
import { correlationFrom, type CorrelationIds } from '../observability/correlation';
import { errorResponse } from './respond';

export type HttpHandler = (req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit>;

/** What every HTTP handler gets besides the request: a redacting structured logger and the correlation ids. */
export interface RequestScope {
  readonly log: Logger;
  readonly correlation: CorrelationIds;
  readonly ctx: InvocationContext;
}

export type ScopedHandler = (req: HttpRequest, scope: RequestScope) => Promise<HttpResponseInit>;

/**
 * The outermost wrapper of every HTTP function: builds the logger with correlation ids and turns every thrown
 * value into Fabric's error body (FabricError → its status; anything else → logged, generic 500).
 */
export function httpHandler(fn: ScopedHandler): HttpHandler {
  return async (req, ctx) => {
    const correlation = correlationFrom(req);
    const log = createLogger(ctx, {
      invocationId: ctx.invocationId,
      activityId: correlation.activityId,
      requestId: correlation.requestId,
      rootActivityId: correlation.rootActivityId,
    });
    try {
      return await fn(req, { log, correlation, ctx });
    } catch (err) {
      return errorResponse(err, log);
    }
  };
}
