/** Canonical base64: standard alphabet, padded, no whitespace, zero padding bits. Pure. */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Longest canonical base64 text that decodes to at most `maxBytes` bytes. */
export function maxBase64Length(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4;
}

/**
 * The decoded bytes, or undefined when `text` is not canonical base64. Canonical means re-encoding gives the same
 * text, so storing the bytes and encoding them again is lossless.
 */
export function decodeCanonicalBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
