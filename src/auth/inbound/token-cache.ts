/**
 * Verified-token cache: remembers tokens that passed every check, keyed by the SHA-256 of the exact token bytes
 * (the compact-form pre-checks give every token exactly one spelling). A bounded LRU; failures are never stored.
 * A hit is not a pass: the validator re-checks the lifetime and that the signing key is still published every time,
 * so caching never extends a token's life.
 */
import { hash } from 'node:crypto';
import type { EntraClaims } from './claims';

export interface CachedToken {
  readonly claims: EntraClaims;
  /** kid of the key that verified the signature. */
  readonly kid: string;
}

export const DEFAULT_TOKEN_CACHE_ENTRIES = 10_000;

/** The SHA-256 of the token's bytes, as a 32-character latin1 string (one character per byte). */
export function tokenCacheKey(token: string): string {
  return hash('sha256', token, 'binary'); // 'binary' is latin1
}

export class VerifiedTokenCache {
  private readonly entries = new Map<string, CachedToken>();

  constructor(readonly maxEntries: number = DEFAULT_TOKEN_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError('maxEntries must be a whole number');
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

  /** Stores a verified token as the most recently used; the least recently used goes when full. */
  set(key: string, value: CachedToken): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
