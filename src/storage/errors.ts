/**
 * Reading Azure SDK errors correctly, and turning storage outages into a retryable 503.
 * data-tables 13 leaves `e.code` undefined on service errors: the code is in `e.details.odataError.code`
 * (tables), `e.details.errorCode` (queues, blobs) or the `x-ms-error-code` response header.
 */
import { ServiceUnavailableError } from '../fabric/errors';

interface AzureErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly details?: { readonly odataError?: { readonly code?: unknown }; readonly errorCode?: unknown };
  readonly response?: { readonly status?: unknown; readonly headers?: { get?(name: string): string | undefined } };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH',
  'ENETUNREACH', 'REQUEST_SEND_ERROR', 'TIMEOUT',
]);
/** Errors of @azure/identity when the app's identity cannot get a token (no managed identity, IMDS down). */
const CREDENTIAL_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError']);

/** Seconds a caller should wait before retrying after a storage outage. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

function shape(err: unknown): AzureErrorShape | undefined {
  return err !== null && typeof err === 'object' ? (err as AzureErrorShape) : undefined;
}

/** The HTTP status of a storage error, or undefined when no answer came back (network, timeout). */
export function azureStatusCode(err: unknown): number | undefined {
  const e = shape(err);
  const status = e?.statusCode ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The storage error code (e.g. EntityAlreadyExists, UpdateConditionNotSatisfied, QueueAlreadyExists). */
export function azureErrorCode(err: unknown): string | undefined {
  const e = shape(err);
  if (!e) return undefined;
  const fromBody = e.details?.odataError?.code ?? e.details?.errorCode;
  if (typeof fromBody === 'string' && fromBody !== '') return fromBody;
  const fromHeader = typeof e.response?.headers?.get === 'function' ? e.response.headers.get('x-ms-error-code') : undefined;
  if (typeof fromHeader === 'string' && fromHeader !== '') return fromHeader;
  return typeof e.code === 'string' && e.code !== '' ? e.code : undefined;
}

/** True when the failure is the storage service (or the way to it) being unavailable, not a bad request. */
export function isStorageOutage(err: unknown): boolean {
  const e = shape(err);
  if (!e) return false;
  const status = azureStatusCode(err);
  if (status !== undefined) return status >= 500 || status === 408 || status === 429 || status === 401 || status === 403;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  const name = typeof e.name === 'string' ? e.name : '';
  return name === 'AbortError' || name === 'TimeoutError' || CREDENTIAL_ERRORS.has(name);
}

/**
 * Maps a storage failure to what the caller should see: outages become ServiceUnavailableError (503, retryable,
 * Retry-After); anything else is returned unchanged (a bug or a case the caller handles).
 */
export function toStorageError(err: unknown, operation: string): unknown {
  if (err instanceof ServiceUnavailableError) return err;
  if (!isStorageOutage(err)) return err;
  const status = azureStatusCode(err);
  const denied = status === 401 || status === 403;
  return new ServiceUnavailableError(
    denied ? `Storage rejected the app's identity (${operation}); check its role assignments` : `Storage is unavailable (${operation}); retry later`,
    { errorCode: denied ? 'StorageAccessDenied' : 'StorageUnavailable', retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS, cause: err },
  );
}

/** Runs one storage operation; outages surface as ServiceUnavailableError. */
export async function withStorage<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toStorageError(err, operation);
  }
}

/** A stored entity lacks the layout its reader expects (a bug or a hand edit): refused, never guessed around. */
export class CorruptEntityError extends Error {
  override readonly name = 'CorruptEntityError';
  constructor(readonly property: string) {
    super(`Stored entity is corrupt: ${property}`);
  }
}
