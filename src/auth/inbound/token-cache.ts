/**
 * Verified-token cache: remembers tokens that passed every check, keyed by the SHA-256 of the exact token bytes
 * (the compact-form pre-checks give every token exactly one spelling). Bounded LRU; failures are never stored.
 * A hit is not a pass: the validator re-checks the lifetime (and that the signing key is still published) every time,
 * so caching never extends a token's life.
 *
 * Admission: a token is stored on its second successful validation, not its first; the first time, its key is only
 * noted in a bit filter (first-sightings.ts). Tokens that are presented once (a new user token per call, a scan)
 * then cost no cache memory and never push out the tokens that are reused (Fabric's app token, for an hour); a
 * reused token pays one more full validation. Measured: with unique tokens, storing every token cost about 8 % of
 * the authentication throughput (docs/performance.md).
 */
import { hash } from 'node:crypto';
import type { EntraClaims } from './claims';
import { FirstSightings } from './first-sightings';

export interface CachedToken {
  readonly claims: EntraClaims;
  /** kid of the key that verified the signature. */
  readonly kid: string;
}

export const DEFAULT_TOKEN_CACHE_ENTRIES = 10_000;

/** The SHA-256 of the token's bytes, as a 32-character latin1 string (one character per byte, no text encoding step). */
export function tokenCacheKey(token: string): string {
  return hash('sha256', token, 'binary'); // 'binary' is latin1
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, CachedToken>();
  private readonly offered: FirstSightings;

  constructor(readonly maxEntries: number = DEFAULT_TOKEN_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError('maxEntries must be a whole number');
    this.offered = new FirstSightings(maxEntries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry for key, marked as most recently used. */
  get(key: string): CachedToken | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Offers a verified token: stored if its key was offered before (see Admission), else only its key is noted. */
  admit(key: string, value: CachedToken): void {
    if (this.maxEntries === 0) return;
    if (!this.entries.has(key) && !this.offered.seenBefore(key)) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
