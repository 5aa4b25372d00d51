/**
 * MSAL's network module with our retry policy underneath: network failures, timeouts, 5xx and 429 are retried with
 * backoff and jitter (Retry-After honoured when it fits the budget), bounded in attempts and total time.
 *
 * Why below MSAL and not around it: MSAL records every 429/5xx answer in its own throttling cache and then refuses
 * identical requests client-side for 60 s (or Retry-After), for every user of the process. Retrying here, MSAL only
 * sees the final outcome; when that is still a failure we hand MSAL a `network_error` AuthError carrying
 * `retryAfterMs`, the classifier makes it a 503 with Retry-After, and no process-wide lock-out is recorded.
 *
 * Redirects are never followed: a 307/308 would re-post the form body (client secret or assertion, the user's
 * assertion, a refresh token) to whatever origin Location names. A 3xx is answered at once, without retries, as a
 * `redirect_not_followed` error that names neither Location nor the body.
 *
 * Response bodies hold tokens: nothing here logs them.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { isRetryableStatus, parseRetryAfterMs, retrying, type Attempt, type RetryClock, type RetryPolicy } from '../shared/retry';

export interface RetryingNetworkClientOptions {
  readonly policy: RetryPolicy;
  /** Per-attempt timeout, ms. */
  readonly timeoutMs: number;
  readonly clock?: RetryClock;
  /** Builds the error MSAL rethrows unchanged: an msal-node AuthError with this errorCode. */
  readonly authError: (errorCode: 'network_error' | typeof REDIRECT_NOT_FOLLOWED, message: string) => Error;
}

type Response = NetworkResponse<unknown>;

/** errorCode of the error thrown for a 3xx answer (entra-failure.ts classifies it). */
export const REDIRECT_NOT_FOLLOWED = 'redirect_not_followed';

const isRedirect = (status: number): boolean => status >= 300 && status <= 399;

export function createRetryingNetworkClient(options: RetryingNetworkClientOptions): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, init: NetworkRequestOptions | undefined, timeoutMs: number | undefined): Promise<NetworkResponse<T>> => {
    const { last, attempts } = await retrying<Response>(
      options.policy,
      async (): Promise<Attempt<Response>> => {
        let res: globalThis.Response;
        let text = '';
        try {
          res = await fetch(url, {
            method,
            headers: init?.headers,
            body: method === 'POST' ? (init?.body ?? '') : undefined,
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs ?? options.timeoutMs),
          });
          if (isRedirect(res.status)) await res.body?.cancel();
          else text = await res.text();
        } catch (error) {
          return { kind: 'retryable', error };
        }
        if (isRedirect(res.status)) {
          throw Object.assign(options.authError(REDIRECT_NOT_FOLLOWED, `Entra ID answered HTTP ${res.status} (a redirect, never followed)`), { status: res.status });
        }
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => {
          headers[k] = v;
        });
        const response: Response = { status: res.status, headers, body: parseBody(text, res.status) };
        if (isRetryableStatus(res.status)) return { kind: 'retryable', value: response, retryAfterMs: parseRetryAfterMs(headers['retry-after']) };
        return { kind: 'done', value: response };
      },
      { clock: options.clock },
    );
    if (last.kind === 'done') return last.value as NetworkResponse<T>;
    const what = last.value ? `HTTP ${last.value.status}` : errorKind(last.error);
    const err = options.authError('network_error', `Entra ID request failed after ${attempts} attempt(s): ${what}`);
    Object.assign(err, { status: last.value?.status, retryAfterMs: last.retryAfterMs });
    throw err;
  };
  return {
    sendGetRequestAsync: <T>(url: string, init?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, init, timeout),
    sendPostRequestAsync: <T>(url: string, init?: NetworkRequestOptions) => send<T>('POST', url, init, undefined),
  };
}

function parseBody(text: string, status: number): unknown {
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object') return v;
  } catch {
    // fall through
  }
  return status >= 400 ? { error: 'invalid_response', error_description: `Entra ID answered HTTP ${status} without a JSON body` } : {};
}

/** A short, token-free description of a fetch failure (no URL: it can hold a tenant, never a secret, but keep it short). */
function errorKind(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
    const cause = (err as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? cause.code : err.name;
  }
  return 'network failure';
}
