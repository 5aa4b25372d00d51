import type { HttpResponseInit } from '@azure/functions';
import { ConfigError } from '../config/errors';
import { FabricError, InternalError, ServiceUnavailableError } from '../fabric/errors';
import type { Logger } from '../observability/logger';
import { describeError } from '../observability/logger';

/** JSON answer. */
export function json(status: number, body: unknown, { headers }: { readonly headers?: Readonly<Record<string, string>> } = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } };
}

/**
 * Turns any thrown value into Fabric's error body. FabricErrors keep their status and message; anything else
 * is a bug: it is logged (redacted, no stack to the caller) and answered as a generic 500 InternalError.
 */
export function errorResponse(err: unknown, log: Logger): HttpResponseInit {
  const fe =
    err instanceof FabricError
      ? err
      : err instanceof ConfigError
        ? new ServiceUnavailableError('The endpoint is not configured correctly; see its start-up log', { errorCode: 'ConfigurationInvalid', cause: err })
        : new InternalError({ cause: err });
  // The configuration problems were logged once at start-up (src/index.ts): each request names the code only.
  if (err instanceof ConfigError) log.error(`Request failed: ${fe.errorCode} (the configuration problems are in the start-up log)`, { status: fe.status });
  else if (fe.status >= 500) log.error(`Request failed: ${fe.errorCode}`, { cause: describeError(fe.cause ?? err), status: fe.status });
  else log.warn(`Request rejected: ${fe.errorCode}: ${fe.message}`, { status: fe.status });
  return json(fe.status, fe.toBody(), { headers: fe.headers });
}
