/** Answers for failures of Fabric REST calls, in Fabric's error body. */
import { FabricError, ServiceUnavailableError, retryAfterHeader } from '../fabric/errors';

/** 429: Fabric throttled us beyond what the request can wait out; Retry-After passes Fabric's value on. */
export class FabricThrottledError extends FabricError {
  override readonly name = 'FabricThrottledError';
  constructor(retryAfterSeconds: number) {
    super('Fabric is throttling requests; retry later', {
      status: 429,
      errorCode: 'TooManyRequests',
      source: 'User',
      isPermanent: false,
      headers: retryAfterHeader(retryAfterSeconds),
    });
  }
}

/** 503: Fabric could not be reached or kept failing (network, 5xx) within the retry budget. */
export class FabricApiUnavailableError extends ServiceUnavailableError {
  override readonly name = 'FabricApiUnavailableError';
  constructor(retryAfterSeconds: number, { cause }: { readonly cause?: unknown } = {}) {
    super('Fabric is unavailable; retry later', { errorCode: 'FabricApiUnavailable', retryAfterSeconds, cause });
  }
}

/** 500: Fabric refused the workload's own tokens or answered something unusable: a setup problem, logged. */
export class FabricApiFailedError extends FabricError {
  override readonly name = 'FabricApiFailedError';
  constructor(detail: string, { cause }: { readonly cause?: unknown } = {}) {
    super(`Fabric API call failed (${detail})`, { status: 500, errorCode: 'FabricApiFailed', source: 'System', isPermanent: false, cause });
  }
}

/** 403: the user lacks a permission the operation needs on the item (per Fabric's ResolvePermissions). */
export class AccessDeniedError extends FabricError {
  override readonly name = 'AccessDeniedError';
  constructor(required: readonly string[]) {
    super(`The user lacks the required permission(s) on the item: ${required.join(', ')}`, {
      status: 403,
      errorCode: 'AccessDenied',
      source: 'User',
      isPermanent: true,
      messageParameters: [...required],
    });
  }
}
