/**
 * A credential read from somewhere slow or fallible (Key Vault), cached in memory:
 * - read lazily on first use, once for all concurrent callers;
 * - re-read after the refresh interval; if that re-read fails the cached credential keeps serving (warning logged);
 * - re-read on demand when Entra rejects it (rotation), at most once per `minRenewIntervalMs`;
 * - with nothing cached, a failed read answers 503 BackendCredentialUnavailable, logs ONE line naming the source
 *   (vault and secret, never the value), and is not retried for `failureBackoffMs` (no hammering a vault that is down).
 */
import type { CredentialType } from '../config';
import { systemClock, type Clock } from '../shared/clock';
import { SingleFlight } from '../shared/single-flight';
import type { Logger } from '../observability/logger';
import { describeError } from '../observability/logger';
import { BackendCredentialUnavailableError, KeyVaultReadError } from './errors';
import type { ClientCredentialMaterial, CredentialSnapshot, CredentialSource } from './types';

export interface LoadedCredential {
  readonly material: ClientCredentialMaterial;
  /** Identifies this credential value (Key Vault version, or a hash): a different fingerprint is a new generation. */
  readonly fingerprint: string;
}

export interface CachedSourceOptions {
  readonly type: CredentialType;
  readonly description: string;
  readonly load: () => Promise<LoadedCredential>;
  readonly refreshMs: number;
  readonly log: Logger;
  readonly minRenewIntervalMs?: number;
  readonly failureBackoffMs?: number;
  readonly clock?: Clock;
}

interface Cached extends CredentialSnapshot {
  readonly fingerprint: string;
  readonly loadedAt: number;
}

export class CachedCredentialSource implements CredentialSource {
  readonly type: CredentialType;
  readonly description: string;
  private cached?: Cached;
  private readonly loading = new SingleFlight<Cached>();
  private failedAt?: number;
  private failure?: BackendCredentialUnavailableError;
  private lastRenewAt = Number.NEGATIVE_INFINITY;
  private generation = 0;
  private readonly clock: Clock;
  private readonly minRenewIntervalMs: number;
  private readonly failureBackoffMs: number;

  constructor(private readonly options: CachedSourceOptions) {
    this.type = options.type;
    this.description = options.description;
    this.clock = options.clock ?? systemClock;
    this.minRenewIntervalMs = options.minRenewIntervalMs ?? 30_000;
    this.failureBackoffMs = options.failureBackoffMs ?? 5_000;
  }

  async current(): Promise<CredentialSnapshot> {
    const c = this.cached;
    if (c) {
      const due = this.clock.now() - c.loadedAt >= this.options.refreshMs;
      const backingOff = this.failedAt !== undefined && this.clock.now() - this.failedAt < this.failureBackoffMs;
      if (!due || backingOff) return c;
      try {
        return await this.reload();
      } catch {
        this.options.log.warn(`Backend credential refresh failed; keeping the cached credential: ${this.description}`);
        return c;
      }
    }
    if (this.failure && this.failedAt !== undefined && this.clock.now() - this.failedAt < this.failureBackoffMs) throw this.failure;
    return this.reload();
  }

  async renew(rejectedGeneration: number): Promise<boolean> {
    if (this.cached && this.cached.generation > rejectedGeneration) return true;
    const inflight = this.loading.current;
    if (inflight) {
      await inflight.catch(() => undefined);
      return (this.cached?.generation ?? 0) > rejectedGeneration;
    }
    if (this.clock.now() - this.lastRenewAt < this.minRenewIntervalMs) return false;
    this.lastRenewAt = this.clock.now();
    try {
      const c = await this.reload();
      return c.generation > rejectedGeneration;
    } catch {
      return false;
    }
  }

  private reload(): Promise<Cached> {
    return this.loading.run(async () => {
      try {
        const loaded = await this.options.load();
        const changed = !this.cached || this.cached.fingerprint !== loaded.fingerprint;
        if (changed) this.generation++;
        const next: Cached = { generation: this.generation, material: loaded.material, fingerprint: loaded.fingerprint, loadedAt: this.clock.now() };
        if (changed && this.cached) this.options.log.info(`Backend credential changed (generation ${next.generation}): ${this.description}`);
        this.cached = next;
        this.failedAt = undefined;
        this.failure = undefined;
        return next;
      } catch (err) {
        this.failedAt = this.clock.now();
        this.failure = new BackendCredentialUnavailableError(retryAfterFor(err), { cause: err });
        this.options.log.error(`Backend credential could not be read: ${this.description}`, { cause: describeError(err) });
        throw this.failure;
      }
    });
  }
}

/** Outages clear up quickly; a missing secret or a missing role assignment needs an operator. */
function retryAfterFor(err: unknown): number {
  return err instanceof KeyVaultReadError && err.failure !== 'unavailable' ? 60 : 5;
}
