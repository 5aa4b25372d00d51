/**
 * Bounded retries for outbound HTTP calls (Entra token endpoint, Fabric REST; storage keeps the Azure SDK's own
 * policy, src/storage/retry.ts): exponential backoff with full jitter, a cap on attempts AND on total elapsed time,
 * and Retry-After honoured when it fits the budget.
 * The decision functions are pure; `retrying` runs them with an injectable clock so tests need no sleeps.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from './clock';

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  readonly maxAttempts: number;
  /** Backoff ceiling for the first retry; doubles per retry. */
  readonly baseDelayMs: number;
  /** Ceiling for any single wait, backoff or Retry-After (a longer Retry-After is passed on to the caller instead). */
  readonly maxDelayMs: number;
  /** No retry starts after this much time since the first attempt (waits included). */
  readonly maxTotalMs: number;
}

/** Interactive requests: a caller is waiting, so a few quick retries and then an honest 503. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2_000, maxTotalMs: 8_000 };

/** One attempt's outcome: finished (success or a final answer), or worth another try. */
export type Attempt<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'retryable'; readonly value?: T; readonly error?: unknown; readonly retryAfterMs?: number };

export interface RetryResult<T> {
  /** The last attempt's outcome ('retryable' when the budget ran out). */
  readonly last: Attempt<T>;
  readonly attempts: number;
}

/** The clock a retry loop reads and waits on, with its source of jitter in [0, 1): tests pass one that records waits. */
export interface RetryClock extends Clock {
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const SYSTEM_RETRY_CLOCK: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => sleep(ms),
  random: () => Math.random(),
};

/** Full jitter: a uniform wait in [0, min(maxDelay, base·2^(retry-1))]. `retry` counts from 1. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(ceiling * Math.min(Math.max(random, 0), 1));
}

/**
 * The wait before the next attempt, or undefined to stop. Stops when attempts are used up, when the wait would
 * end past the total budget, or when the server's Retry-After is longer than one wait may be (the caller then passes
 * Retry-After on instead of holding the request).
 */
export function nextDelayMs(policy: RetryPolicy, state: { readonly attempts: number; readonly elapsedMs: number; readonly retryAfterMs?: number }, random: number): number | undefined {
  if (state.attempts >= policy.maxAttempts) return undefined;
  if (state.retryAfterMs !== undefined && state.retryAfterMs > policy.maxDelayMs) return undefined;
  const wait = state.retryAfterMs !== undefined ? state.retryAfterMs : backoffDelayMs(policy, state.attempts, random);
  if (state.elapsedMs + wait > policy.maxTotalMs) return undefined;
  return wait;
}

/**
 * Parses Retry-After: delta-seconds or an HTTP-date. Returns milliseconds (never negative), or undefined when the
 * header is absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null | undefined, { now = Date.now() }: { readonly now?: number } = {}): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  if (/^\d{1,9}\.\d+$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at) || !/[a-z]/i.test(v)) return undefined;
  return Math.max(0, at - now);
}

/** Runs `attempt` until it is done or the policy says stop. Never throws on its own; `attempt` may throw (not retried). */
export async function retrying<T>(policy: RetryPolicy, attempt: (n: number) => Promise<Attempt<T>>, { clock = SYSTEM_RETRY_CLOCK }: { readonly clock?: RetryClock } = {}): Promise<RetryResult<T>> {
  const start = clock.now();
  for (let n = 1; ; n++) {
    const last = await attempt(n);
    if (last.kind === 'done') return { last, attempts: n };
    const wait = nextDelayMs(policy, { attempts: n, elapsedMs: clock.now() - start, retryAfterMs: last.retryAfterMs }, clock.random());
    if (wait === undefined) return { last, attempts: n };
    if (wait > 0) await clock.sleep(wait);
  }
}

/** HTTP statuses worth retrying: throttling and server-side failures (not 501, which will not change). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}
