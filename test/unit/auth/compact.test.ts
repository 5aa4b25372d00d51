import fc from 'fast-check';
import { MAX_TOKEN_LENGTH, isCanonicalBase64url, precheckCompactJws } from '../../../src/auth/inbound/compact';
import { TokenInvalid } from '../../../src/auth/inbound/errors';

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const signature = Buffer.alloc(256, 7).toString('base64url');
const compact = (header: unknown, sig = signature): string => `${b64(header)}.${b64({ sub: 'x' })}.${sig}`;
const good = { alg: 'RS256', typ: 'JWT', kid: 'k1' };

const reasonOf = (token: string): string => {
  try {
    precheckCompactJws(token);
  } catch (err) {
    expect(err).toBeInstanceOf(TokenInvalid);
    return (err as TokenInvalid).reason;
  }
  return 'accepted';
};

describe('compact JWS pre-checks', () => {
  it('accepts an RS256 JWT with a kid', () => {
    expect(precheckCompactJws(compact(good)).header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
  });

  it.each([
    ['empty', '', 'is empty'],
    ['too large', compact({ ...good, pad: 'x'.repeat(MAX_TOKEN_LENGTH) }), 'is too large'],
    ['two segments', `${b64(good)}.${b64({})}`, 'is not a compact JWS (three segments)'],
    ['five segments (JWE)', `${b64(good)}.a.b.c.d`, 'is not a compact JWS (three segments)'],
    ['padding', compact(good, `${signature}==`), 'is not in canonical compact form'],
    ['whitespace', compact(good, `${signature.slice(0, 10)} ${signature.slice(10)}`), 'is not in canonical compact form'],
    ['standard base64 characters', compact(good, signature.replace(/^./, '+')), 'is not in canonical compact form'],
    ['changed padding bits in the signature', compact(good, signature.slice(0, -1) + String.fromCharCode(signature.charCodeAt(signature.length - 1) + 1)), 'is not in canonical compact form'],
    ['impossible segment length', compact(good, `${signature}AAA`), 'is not in canonical compact form'],
    ['empty segment', `${b64(good)}..${signature}`, 'is not in canonical compact form'],
    ['header not JSON', `${b64('not json')}.${b64({})}.${signature}`, 'has an invalid header'],
    ['header is an array', compact([good]), 'has an invalid header'],
    ['alg none', compact({ ...good, alg: 'none' }), 'alg must be RS256'],
    ['alg HS256', compact({ ...good, alg: 'HS256' }), 'alg must be RS256'],
    ['alg PS256', compact({ ...good, alg: 'PS256' }), 'alg must be RS256'],
    ['alg rs256 (case)', compact({ ...good, alg: 'rs256' }), 'alg must be RS256'],
    ['kid missing', compact({ alg: 'RS256', typ: 'JWT' }), 'kid is missing or invalid'],
    ['kid empty', compact({ ...good, kid: '' }), 'kid is missing or invalid'],
    ['kid a number', compact({ ...good, kid: 7 }), 'kid is missing or invalid'],
    ['kid 129 characters', compact({ ...good, kid: 'k'.repeat(129) }), 'kid is missing or invalid'],
    ['typ missing', compact({ alg: 'RS256', kid: 'k1' }), 'typ must be JWT'],
    ['typ at+jwt', compact({ ...good, typ: 'at+jwt' }), 'typ must be JWT'],
    ['typ application/jwt', compact({ ...good, typ: 'application/jwt' }), 'typ must be JWT'],
    ['crit', compact({ ...good, crit: ['exp'] }), 'uses unsupported critical header parameters'],
    ['b64 false', compact({ ...good, b64: false }), 'uses unsupported critical header parameters'],
  ])('rejects %s', (_name, token, reason) => {
    expect(reasonOf(token)).toBe(reason);
  });

  it('accepts a kid of exactly 128 characters', () => {
    expect(precheckCompactJws(compact({ ...good, kid: 'k'.repeat(128) })).header.kid).toHaveLength(128);
  });
});

describe('canonical base64url', () => {
  it('accepts what Buffer encodes, for every length', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }).filter((b) => b.length > 0), (bytes) => isCanonicalBase64url(Buffer.from(bytes).toString('base64url'))));
  });

  it('agrees with the definition: the segment re-encodes to itself (any last character)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 63 }), (bytes, last) => {
        const variant = Buffer.from(bytes).toString('base64url').slice(0, -1) + alphabet[last];
        return isCanonicalBase64url(variant) === (Buffer.from(variant, 'base64url').toString('base64url') === variant);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([['', false], ['A', false], ['AA', true], ['AB', false], ['AAA', true], ['AAB', false], ['AAAA', true], ['A=', false], ['A+', false]])('%j → %s', (segment, expected) => {
    expect(isCanonicalBase64url(segment)).toBe(expected);
  });
});
