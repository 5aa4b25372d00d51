import { createHash } from 'node:crypto';
import type { EntraClaims } from '../../../src/auth/inbound/claims';
import { VerifiedTokenCache, tokenCacheKey } from '../../../src/auth/inbound/token-cache';

const claims = { tid: 't' } as unknown as EntraClaims;
const entry = { claims, kid: 'k' };
const store = (cache: VerifiedTokenCache, key: string): void => cache.set(key, entry);

describe('verified-token cache', () => {
  it('keys on the SHA-256 of the exact token bytes', () => {
    expect(tokenCacheKey('a.b.c')).toBe(tokenCacheKey('a.b.c'));
    expect(tokenCacheKey('a.b.c')).not.toBe(tokenCacheKey('a.b.d'));
    expect(Buffer.from(tokenCacheKey('a.b.c'), 'latin1')).toEqual(createHash('sha256').update('a.b.c').digest());
  });

  it('stores a verified token at once, and once', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('a', entry);
    expect(cache.get('a')).toBe(entry);
    cache.set('a', entry);
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

  it('keeps the most recently used entries whatever the traffic', () => {
    const cache = new VerifiedTokenCache(2);
    store(cache, tokenCacheKey('hot'));
    for (let i = 0; i < 100; i++) {
      store(cache, tokenCacheKey(`once ${i}`));
      expect(cache.get(tokenCacheKey('hot'))).toBe(entry); // used between one-offs: never the least recent
    }
    expect(cache.size).toBe(2);
  });

  it('stores nothing when sized 0', () => {
    const cache = new VerifiedTokenCache(0);
    store(cache, 'a');
    expect(cache.get('a')).toBeUndefined();
    expect(() => new VerifiedTokenCache(-1)).toThrow(RangeError);
  });
});
