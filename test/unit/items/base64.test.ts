import fc from 'fast-check';
import { decodeCanonicalBase64, maxBase64Length } from '../../../src/items/base64';

describe('decodeCanonicalBase64', () => {
  it('decodes exactly what Buffer encodes, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        const decoded = decodeCanonicalBase64(text);
        expect(decoded).toBeDefined();
        expect(Buffer.compare(decoded!, Buffer.from(bytes))).toBe(0);
      }),
    );
  });

  it('rejects every text that does not re-encode to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const decoded = decodeCanonicalBase64(text);
        if (decoded) expect(decoded.toString('base64')).toBe(text);
      }),
    );
  });

  it.each([
    ['missing padding', 'QUJDRA'],
    ['non-zero padding bits', 'QR=='],
    ['whitespace', 'QUJD\nRA=='],
    ['url-safe alphabet', 'ab-_'],
    ['characters outside the alphabet', 'not base64!'],
    ['padding in the middle', 'QQ==QQ=='],
    ['too much padding', 'Q==='],
  ])('rejects %s', (_what, text) => expect(decodeCanonicalBase64(text)).toBeUndefined());

  it('accepts the empty payload', () => expect(decodeCanonicalBase64('')?.length).toBe(0));

  it('knows the longest text for a byte budget', () => {
    expect(maxBase64Length(3)).toBe(4);
    expect(maxBase64Length(4)).toBe(8);
    expect(Buffer.alloc(1000).toString('base64').length).toBeLessThanOrEqual(maxBase64Length(1000));
  });
});
