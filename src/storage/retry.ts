/**
 * One bounded retry policy for every storage client, so a request never hangs on a storage outage:
 * at most 3 tries, each cut off after 8 s on the client side, 0.2 s then 0.4 s between tries (≈ 25 s worst case,
 * ≈ 1 s when the connection is refused). Fabric expects lifecycle answers within ~30 s. 8 s leaves room for a table
 * query page, which the service itself ends after 5 s.
 */
import type { TableServiceClientOptions } from '@azure/data-tables';

export const STORAGE_MAX_TRIES = 3;
export const STORAGE_TRY_TIMEOUT_MS = 8_000;
export const STORAGE_RETRY_DELAY_MS = 200;
export const STORAGE_MAX_RETRY_DELAY_MS = 2_000;

type AdditionalPolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];

/** data-tables has no per-try timeout option: this policy sets one on every try (it runs inside the retry loop). */
function tryTimeoutPolicy(tryTimeoutMs: number): AdditionalPolicy {
  return {
    position: 'perRetry',
    policy: {
      name: 'storageTryTimeout',
      sendRequest(request, next) {
        if (!request.timeout) request.timeout = tryTimeoutMs;
        return next(request);
      },
    },
  };
}

export function tableClientOptions(allowInsecureConnection: boolean, tryTimeoutMs = STORAGE_TRY_TIMEOUT_MS): TableServiceClientOptions {
  return {
    allowInsecureConnection,
    retryOptions: { maxRetries: STORAGE_MAX_TRIES - 1, retryDelayInMs: STORAGE_RETRY_DELAY_MS, maxRetryDelayInMs: STORAGE_MAX_RETRY_DELAY_MS },
    additionalPolicies: [tryTimeoutPolicy(tryTimeoutMs)],
  };
}

/** Options accepted by both QueueClient and BlobServiceClient (storage-common retry policy: same bounds). */
export interface StorageClientOptions {
  readonly retryOptions: { readonly maxTries: number; readonly tryTimeoutInMs: number; readonly retryDelayInMs: number; readonly maxRetryDelayInMs: number };
}

export function storagePipelineOptions(tryTimeoutMs = STORAGE_TRY_TIMEOUT_MS): StorageClientOptions {
  return {
    retryOptions: {
      maxTries: STORAGE_MAX_TRIES,
      tryTimeoutInMs: tryTimeoutMs,
      retryDelayInMs: STORAGE_RETRY_DELAY_MS,
      maxRetryDelayInMs: STORAGE_MAX_RETRY_DELAY_MS,
    },
  };
}
