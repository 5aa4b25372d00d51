import type { EntraClaims } from '../../../src/auth/inbound/claims';
import { VerifiedTokenCache, tokenCacheKey } from '../../../src/auth/inbound/token-cache';

const claims = { tid: 't' } as unknown as EntraClaims;

describe('verified-token cache', () => {
  it('keys on the SHA-256 of the exact token bytes', () => {
    expect(tokenCacheKey('a.b.c')).toBe(tokenCacheKey('a.b.c'));
    expect(tokenCacheKey('a.b.c')).not.toBe(tokenCacheKey('a.b.d'));
    expect(tokenCacheKey('a.b.c')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is a bounded LRU', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', { claims, kid: 'k' });
    cache.set('b', { claims, kid: 'k' });
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', { claims, kid: 'k' });
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('stores nothing when sized 0', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set('a', { claims, kid: 'k' });
    expect(cache.get('a')).toBeUndefined();
    expect(() => new VerifiedTokenCache(-1)).toThrow(RangeError);
  });
});
