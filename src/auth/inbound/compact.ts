/**
 * Pre-checks of a compact JWS before any key lookup or signature work (token-validation.md §2 rules 1-4, 8, 9). Pure.
 * They make one token have exactly one spelling (so the verified-token cache and logs key on it safely) and make sure
 * a bad header never causes a JWKS fetch.
 */
import { TokenInvalid } from './errors';

/** Rule 1: cap the token size (Node's default header limit is 16 KiB anyway). */
export const MAX_TOKEN_LENGTH = 16 * 1024;
/** Rule 4: kid is a short identifier. */
export const MAX_KID_LENGTH = 128;
export const ALLOWED_ALGORITHM = 'RS256';

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export interface CompactHeader {
  readonly alg: 'RS256';
  readonly kid: string;
  readonly typ: 'JWT';
}

/** Returns the checked protected header, or throws TokenInvalid naming the first rule broken. */
export function precheckCompactJws(token: string): CompactHeader {
  if (token.length === 0) throw new TokenInvalid('is empty');
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenInvalid('is too large');
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenInvalid('is not a compact JWS (three segments)');
  for (const part of parts) {
    if (!SEGMENT.test(part) || part.length % 4 === 1) throw new TokenInvalid('is not in canonical compact form');
  }
  // atob (used by jose on Node 20) tolerates changed padding bits: require the signature to re-encode to itself.
  if (Buffer.from(parts[2], 'base64url').toString('base64url') !== parts[2]) throw new TokenInvalid('is not in canonical compact form');

  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw new TokenInvalid('has an invalid header');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new TokenInvalid('has an invalid header');
  const h = header as Record<string, unknown>;
  if (h.alg !== ALLOWED_ALGORITHM) throw new TokenInvalid('alg must be RS256');
  if (typeof h.kid !== 'string' || h.kid.length === 0 || h.kid.length > MAX_KID_LENGTH) throw new TokenInvalid('kid is missing or invalid');
  if (h.typ !== 'JWT') throw new TokenInvalid('typ must be JWT');
  if (h.crit !== undefined || h.b64 !== undefined) throw new TokenInvalid('uses unsupported critical header parameters');
  return { alg: ALLOWED_ALGORITHM, kid: h.kid, typ: 'JWT' };
}
