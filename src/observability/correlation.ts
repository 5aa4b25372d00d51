import type { HttpRequest } from '@azure/functions';

/** Correlation ids Fabric sends on every call (ActivityId, RequestId) plus the optional root activity id. */
export interface CorrelationIds {
  readonly activityId?: string;
  readonly requestId?: string;
  readonly rootActivityId?: string;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reads the correlation headers; values that are not plain ids (too long, odd characters) are dropped, not logged. */
export function correlationFrom(req: HttpRequest): CorrelationIds {
  const pick = (name: string): string | undefined => {
    const v = req.headers.get(name)?.trim();
    return v && SAFE_ID.test(v) ? v : undefined;
  };
  return { activityId: pick('activityid'), requestId: pick('requestid'), rootActivityId: pick('x-ms-root-activity-id') };
}
