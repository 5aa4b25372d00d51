/**
 * One bounded retry policy for every storage client, so a request never hangs on a storage outage. Every storage
 * operation ends within STORAGE_OPERATION_DEADLINE_MS (≈ 12.6 s at worst), inside the 15 s the resilience tests
 * allow and well inside Fabric's ~30 s for lifecycle calls; a refused connection fails in about 1 s.
 * - At most 3 tries, 0.2 s then 0.4 s apart, so a transient failure (503, reset) is retried twice.
 * - Tables: each try is cut off after 8 s (a query page may legitimately take the service 5 s) and the whole
 *   operation after 12 s, so a server that accepts connections and never answers costs 12 s, not 3 × 8 s.
 * - Queues and blobs (small messages and state): each try is cut off after 4 s, so 3 tries end within 12.6 s.
 */
import type { TableServiceClientOptions } from '@azure/data-tables';

export const STORAGE_MAX_TRIES = 3;
export const STORAGE_TRY_TIMEOUT_MS = 8_000;
export const STORAGE_OPERATION_DEADLINE_MS = 12_000;
export const QUEUE_BLOB_TRY_TIMEOUT_MS = 4_000;
export const STORAGE_RETRY_DELAY_MS = 200;
export const STORAGE_MAX_RETRY_DELAY_MS = 2_000;

type AdditionalPolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];

/**
 * A policy that aborts what runs below it after `ms`, keeping any abort signal passed from above, and clears its timer
 * however that ends. The SDK then fails with its AbortError (not retried), which errors.ts reports as a storage
 * outage (503). The per-try cut-off is one of these too, rather than the request's own `timeout`: the HTTP client
 * leaves that timer running when a try fails (refused connection, abort), holding the process up to a whole try.
 */
function abortAfterPolicy(name: string, position: 'perCall' | 'perRetry', ms: number): AdditionalPolicy {
  return {
    position,
    policy: {
      name,
      async sendRequest(request, next) {
        const controller = new AbortController();
        const above = request.abortSignal;
        const onAboveAbort = (): void => controller.abort();
        if (above?.aborted) controller.abort();
        above?.addEventListener('abort', onAboveAbort, { once: true });
        const timer = setTimeout(() => controller.abort(), ms);
        request.abortSignal = controller.signal;
        try {
          return await next(request);
        } finally {
          clearTimeout(timer);
          above?.removeEventListener('abort', onAboveAbort);
          request.abortSignal = above;
        }
      },
    },
  };
}

/** data-tables has no per-try timeout option: this one runs inside the retry loop, once per try. */
const tryTimeoutPolicy = (tryTimeoutMs: number): AdditionalPolicy => abortAfterPolicy('storageTryTimeout', 'perRetry', tryTimeoutMs);

/** Ends the whole operation (every try and every wait between tries): it runs once per call, outside the retry loop. */
const operationDeadlinePolicy = (deadlineMs: number): AdditionalPolicy => abortAfterPolicy('storageOperationDeadline', 'perCall', deadlineMs);

export interface StorageTimeouts {
  /** Cut-off of one table try, ms. */
  readonly tableTryTimeoutMs: number;
  /** Cut-off of one queue or blob try, ms. */
  readonly queueBlobTryTimeoutMs: number;
  /** Cut-off of a whole table operation, ms. */
  readonly operationDeadlineMs: number;
}

export const STORAGE_TIMEOUTS: StorageTimeouts = {
  tableTryTimeoutMs: STORAGE_TRY_TIMEOUT_MS,
  queueBlobTryTimeoutMs: QUEUE_BLOB_TRY_TIMEOUT_MS,
  operationDeadlineMs: STORAGE_OPERATION_DEADLINE_MS,
};

export function tableClientOptions(allowInsecureConnection: boolean, { timeouts = STORAGE_TIMEOUTS }: { readonly timeouts?: StorageTimeouts } = {}): TableServiceClientOptions {
  return {
    allowInsecureConnection,
    retryOptions: { maxRetries: STORAGE_MAX_TRIES - 1, retryDelayInMs: STORAGE_RETRY_DELAY_MS, maxRetryDelayInMs: STORAGE_MAX_RETRY_DELAY_MS },
    additionalPolicies: [operationDeadlinePolicy(timeouts.operationDeadlineMs), tryTimeoutPolicy(timeouts.tableTryTimeoutMs)],
  };
}

/** Options accepted by both QueueClient and BlobServiceClient (storage-common retry policy: same bounds). */
export interface StorageClientOptions {
  readonly retryOptions: { readonly maxTries: number; readonly tryTimeoutInMs: number; readonly retryDelayInMs: number; readonly maxRetryDelayInMs: number };
}

export function storagePipelineOptions(tryTimeoutMs = QUEUE_BLOB_TRY_TIMEOUT_MS): StorageClientOptions {
  return {
    retryOptions: {
      maxTries: STORAGE_MAX_TRIES,
      tryTimeoutInMs: tryTimeoutMs,
      retryDelayInMs: STORAGE_RETRY_DELAY_MS,
      maxRetryDelayInMs: STORAGE_MAX_RETRY_DELAY_MS,
    },
  };
}
