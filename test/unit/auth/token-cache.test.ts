import { createHash } from 'node:crypto';
import type { EntraClaims } from '../../../src/auth/inbound/claims';
import { VerifiedTokenCache, tokenCacheKey } from '../../../src/auth/inbound/token-cache';

const claims = { tid: 't' } as unknown as EntraClaims;
const entry = { claims, kid: 'k' };
/** Offers a key twice: the second offer stores it (admission). */
const store = (cache: VerifiedTokenCache, key: string): void => {
  cache.admit(key, entry);
  cache.admit(key, entry);
};

describe('verified-token cache', () => {
  it('keys on the SHA-256 of the exact token bytes', () => {
    expect(tokenCacheKey('a.b.c')).toBe(tokenCacheKey('a.b.c'));
    expect(tokenCacheKey('a.b.c')).not.toBe(tokenCacheKey('a.b.d'));
    expect(Buffer.from(tokenCacheKey('a.b.c'), 'latin1')).toEqual(createHash('sha256').update('a.b.c').digest());
  });

  it('stores a token on its second offer, not its first', () => {
    const cache = new VerifiedTokenCache(10);
    cache.admit('a', entry);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.admit('a', entry);
    expect(cache.get('a')).toBe(entry);
    cache.admit('a', entry); // already stored: stays stored
    expect(cache.size).toBe(1);
  });

  it('is a bounded LRU', () => {
    const cache = new VerifiedTokenCache(2);
    store(cache, 'a');
    store(cache, 'b');
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    store(cache, 'c');
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('keys offered once do not evict stored ones', () => {
    const cache = new VerifiedTokenCache(2);
    store(cache, tokenCacheKey('hot'));
    for (let i = 0; i < 100; i++) cache.admit(tokenCacheKey(`once ${i}`), entry);
    expect(cache.size).toBe(1);
    expect(cache.get(tokenCacheKey('hot'))).toBe(entry);
  });

  it('stores nothing when sized 0', () => {
    const cache = new VerifiedTokenCache(0);
    store(cache, 'a');
    expect(cache.get('a')).toBeUndefined();
    expect(() => new VerifiedTokenCache(-1)).toThrow(RangeError);
  });
});
