/**
 * Which verified-token cache keys were offered once already: the cache's admission filter (token-cache.ts).
 * A one-hash Bloom filter of 2^20 bits indexed by the first 20 bits of the key (the key is a SHA-256 digest, so its
 * bits are uniform), emptied after `capacity` keys were noted. No allocation per key, no key retained.
 * A false "seen before" (at most capacity / 2^20: under 1 % at the default 10,000 entries) only stores a token on its
 * first validation, as a cache without admission would; a key forgotten when the filter is emptied is noted again.
 */
const BITS = 1 << 20;

/** Bit index of a cache key: its first 20 bits (the key is the digest as a latin1 string, one byte per character). */
function bitOf(key: string): number {
  return (key.charCodeAt(0) << 12) | (key.charCodeAt(1) << 4) | (key.charCodeAt(2) >>> 4);
}

export class FirstSightings {
  private readonly words = new Uint32Array(BITS / 32);
  private noted = 0;

  constructor(private readonly capacity: number) {}

  /** True if key was noted before; otherwise notes it and returns false. */
  seenBefore(key: string): boolean {
    const bit = bitOf(key);
    const mask = 1 << (bit & 31);
    if ((this.words[bit >>> 5] & mask) !== 0) return true;
    if (this.noted >= this.capacity) {
      this.words.fill(0);
      this.noted = 0;
    }
    this.words[bit >>> 5] |= mask;
    this.noted++;
    return false;
  }
}
