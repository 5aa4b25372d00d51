/**
 * The process's signing keys, from the configured Entra JWKS (docs/security.md, rules 6-8):
 * - loaded on first use (or by prime()), then refreshed in the background about every hour (jittered, timer unref'd);
 * - an unknown kid triggers at most one refetch per cooldown (30 s); concurrent callers share one fetch
 *   (single flight) and look the kid up once more after it;
 * - after a failed fetch no new fetch starts until a backoff passes (exponential while no keys were ever loaded);
 * - a failed refresh keeps the last good keys (stale-if-error) for at most maxStaleMs since the last success;
 * - a document with no usable key never replaces the current set. Requests never fetch by themselves otherwise.
 */
import { KeysUnavailable, SigningKeyNotFound, JwksFetchFailed } from './errors';
import { fetchJwksDocument } from './jwks-fetch';
import { importSigningKeys, type SigningKey } from './jwks-document';
import { createLogger, type Logger } from '../../observability/logger';

export type { SigningKey } from './jwks-document';

export interface KeySourceStatus {
  /** Keys are held and not older than the staleness bound. */
  readonly ready: boolean;
  readonly keyCount: number;
  /** ms since the epoch of the last successful fetch (0: never). */
  readonly lastSuccessAt: number;
  readonly fetchCount: number;
  readonly consecutiveFailures: number;
  /** Short reason of the last failed fetch, cleared on success. */
  readonly lastFailure?: string;
}

/** What the token validator needs from a key source. */
export interface SigningKeySource {
  /** The key for kid. May wait for one bounded fetch. Throws SigningKeyNotFound or KeysUnavailable. */
  getKey(kid: string): Promise<SigningKey>;
  /** The key for kid if it is held and usable right now, without any fetch (verified-token cache hits). */
  peekKey(kid: string): SigningKey | undefined;
  /** Loads the keys when none are usable yet (subject to backoff). Resolves to readiness; never throws. */
  prime(): Promise<boolean>;
  status(): KeySourceStatus;
  /** Stops the background refresh. */
  close(): void;
}

export type Scheduler = (fn: () => void, delayMs: number) => () => void;

export interface JwksKeySourceOptions {
  readonly url: URL;
  /** Per fetch, headers and body (default 5 s). */
  readonly timeoutMs?: number;
  /** Background refresh period (default 1 h), jittered by ±refreshJitter. */
  readonly refreshIntervalMs?: number;
  readonly refreshJitter?: number;
  /** Minimum time between fetches caused by unknown kids (default 30 s). */
  readonly unknownKidCooldownMs?: number;
  /** No fetch for this long after a failed fetch once keys were loaded (default 15 s). */
  readonly failureBackoffMs?: number;
  /** Backoff while no keys were ever loaded: doubles from initial up to max (default 1 s → 30 s). */
  readonly bootstrapBackoffMs?: { readonly initial: number; readonly max: number };
  /** Stale-if-error bound: keys older than this since the last success are not used (default 24 h). */
  readonly maxStaleMs?: number;
  readonly maxDocumentBytes?: number;
  readonly now?: () => number;
  /** In [0, 1); used for jitter. */
  readonly random?: () => number;
  readonly schedule?: Scheduler;
  readonly log?: Logger;
}

const unrefTimer: Scheduler = (fn, delayMs) => {
  const t = setTimeout(fn, delayMs);
  t.unref();
  return () => clearTimeout(t);
};

export class JwksKeySource implements SigningKeySource {
  private keys?: ReadonlyMap<string, SigningKey>;
  private lastSuccessAt = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private notBefore = 0;
  private failures = 0;
  private lastFailure?: string;
  private fetchCount = 0;
  private inflight?: Promise<void>;
  private cancelTimer?: () => void;
  private closed = false;

  private readonly timeoutMs: number;
  private readonly refreshIntervalMs: number;
  private readonly refreshJitter: number;
  private readonly cooldownMs: number;
  private readonly failureBackoffMs: number;
  private readonly bootstrap: { readonly initial: number; readonly max: number };
  private readonly maxStaleMs: number;
  private readonly maxDocumentBytes: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly schedule: Scheduler;
  private readonly log: Logger;

  constructor(private readonly options: JwksKeySourceOptions) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 3_600_000;
    this.refreshJitter = options.refreshJitter ?? 0.1;
    this.cooldownMs = options.unknownKidCooldownMs ?? 30_000;
    this.failureBackoffMs = options.failureBackoffMs ?? 15_000;
    this.bootstrap = options.bootstrapBackoffMs ?? { initial: 1_000, max: 30_000 };
    this.maxStaleMs = options.maxStaleMs ?? 24 * 3_600_000;
    this.maxDocumentBytes = options.maxDocumentBytes ?? 512 * 1024;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.schedule = options.schedule ?? unrefTimer;
    this.log = options.log ?? createLogger(console, { component: 'jwks' });
  }

  async getKey(kid: string): Promise<SigningKey> {
    if (!this.usable()) await this.fetchOrExplain();
    const held = this.peekKey(kid);
    if (held) return held;
    const canRefetch = this.inflight !== undefined || (this.now() - this.lastAttemptAt >= this.cooldownMs && this.now() >= this.notBefore);
    if (canRefetch) {
      // Failures are logged by load(); keys stay usable (stale-if-error), so the answer for this kid is "unknown".
      await this.refresh().catch(() => undefined);
      const fresh = this.peekKey(kid);
      if (fresh) return fresh;
    }
    throw new SigningKeyNotFound();
  }

  peekKey(kid: string): SigningKey | undefined {
    return this.usable() ? this.keys!.get(kid) : undefined;
  }

  async prime(): Promise<boolean> {
    if (this.usable()) return true;
    await this.refresh().catch(() => undefined);
    return this.usable();
  }

  status(): KeySourceStatus {
    return {
      ready: this.usable(),
      keyCount: this.keys?.size ?? 0,
      lastSuccessAt: this.lastSuccessAt,
      fetchCount: this.fetchCount,
      consecutiveFailures: this.failures,
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
    };
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private usable(): boolean {
    return this.keys !== undefined && this.now() - this.lastSuccessAt <= this.maxStaleMs;
  }

  /** Fetches (or joins the fetch in flight); throws KeysUnavailable when no usable keys result. */
  private async fetchOrExplain(): Promise<void> {
    try {
      await this.refresh();
    } catch (err) {
      if (this.usable()) return;
      throw new KeysUnavailable(err instanceof JwksFetchFailed ? err.reason : 'fetch suppressed', this.retryAfterSeconds(), { cause: err });
    }
    if (!this.usable()) throw new KeysUnavailable('no usable keys', this.retryAfterSeconds());
  }

  /** Single flight: joins the fetch in progress, else starts one unless backing off after a failure. */
  private refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.now() < this.notBefore) return Promise.reject(new JwksFetchFailed('backing off after a failed fetch'));
    this.inflight = this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.now();
    this.fetchCount++;
    try {
      const document = await fetchJwksDocument(this.options.url, { timeoutMs: this.timeoutMs, maxBytes: this.maxDocumentBytes });
      const { keys, dropped } = await importSigningKeys(document);
      const firstLoad = this.keys === undefined;
      this.keys = keys;
      this.lastSuccessAt = this.now();
      this.failures = 0;
      this.lastFailure = undefined;
      this.notBefore = 0;
      if (firstLoad || dropped > 0) this.log.info('JWKS loaded', { keys: keys.size, dropped });
      this.scheduleNext(this.jittered(this.refreshIntervalMs));
    } catch (err) {
      const reason = err instanceof JwksFetchFailed ? err.reason : 'unusable document';
      this.failures++;
      this.lastFailure = reason;
      const backoff = this.backoffMs();
      this.notBefore = this.now() + backoff;
      this.log.warn('JWKS fetch failed', { reason, consecutiveFailures: this.failures, keysHeld: this.keys?.size ?? 0, usable: this.usable() });
      this.scheduleNext(Math.max(backoff, Math.min(this.refreshIntervalMs, this.failureBackoffMs * 2 ** Math.min(this.failures - 1, 10))));
      throw err instanceof JwksFetchFailed ? err : new JwksFetchFailed(reason, { cause: err });
    }
  }

  private backoffMs(): number {
    if (this.keys === undefined) {
      const exp = Math.min(this.bootstrap.max, this.bootstrap.initial * 2 ** Math.min(this.failures - 1, 30));
      return this.jittered(exp);
    }
    return this.failureBackoffMs;
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.notBefore - this.now()) / 1000));
  }

  private jittered(ms: number): number {
    return Math.round(ms * (1 + this.refreshJitter * (2 * this.random() - 1)));
  }

  private scheduleNext(delayMs: number): void {
    if (this.closed) return;
    this.cancelTimer?.();
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = undefined;
      this.refresh().catch(() => undefined);
    }, delayMs);
  }
}
