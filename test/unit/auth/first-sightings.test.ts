import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { FirstSightings } from '../../../src/auth/inbound/first-sightings';

/** A cache key as the token cache makes it: a SHA-256 digest as a latin1 string. */
const keyOf = (text: string): string => createHash('sha256').update(text).digest('binary'); // latin1

describe('first sightings (the token cache admission filter)', () => {
  it('says "not seen" the first time and "seen" afterwards', () => {
    const seen = new FirstSightings(100);
    expect(seen.seenBefore(keyOf('a'))).toBe(false);
    expect(seen.seenBefore(keyOf('a'))).toBe(true);
    expect(seen.seenBefore(keyOf('a'))).toBe(true);
  });

  it('never says "seen" for a key it was not given unless its first 20 bits equal a noted key', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 2, maxLength: 50 }), (texts) => {
        const seen = new FirstSightings(1000);
        const [probe, ...noted] = texts.map(keyOf);
        for (const key of noted) seen.seenBefore(key);
        const prefix = (k: string): number => Buffer.from(k, 'latin1').readUIntBE(0, 3) >>> 4;
        const collides = noted.some((k) => prefix(k) === prefix(probe));
        expect(seen.seenBefore(probe)).toBe(collides);
      }),
    );
  });

  it('is emptied once it has noted its capacity', () => {
    const seen = new FirstSightings(3);
    const keys = ['a', 'b', 'c', 'd'].map(keyOf);
    for (const key of keys.slice(0, 3)) expect(seen.seenBefore(key)).toBe(false);
    expect(seen.seenBefore(keys[0])).toBe(true);
    expect(seen.seenBefore(keys[3])).toBe(false); // the fourth key empties the filter first
    expect(seen.seenBefore(keys[0])).toBe(false);
  });
});
