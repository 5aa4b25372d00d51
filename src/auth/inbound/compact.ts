/**
 * Pre-checks of a compact JWS before any key lookup or signature work (docs/security.md, rules 1-5). Pure.
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

/** A pre-checked compact JWS: its header (the payload and signature are jose's to verify). */
export interface CompactJws {
  readonly header: CompactHeader;
}

/** The 6-bit value of a base64url character (the caller has checked the alphabet). */
function sextet(code: number): number {
  if (code >= 97) return code - 71; // a-z → 26-51
  if (code >= 65) return code === 95 ? 63 : code - 65; // _ → 63, A-Z → 0-25
  return code === 45 ? 62 : code + 4; // - → 62, 0-9 → 52-61
}

/**
 * Unpadded base64url with exactly one spelling: alphabet only, no impossible length, and the bits past the last
 * whole byte all zero (decoders, atob included, ignore them, so a changed final character would otherwise decode to
 * the same bytes).
 */
export function isCanonicalBase64url(segment: string): boolean {
  return SEGMENT.test(segment) && hasZeroUnusedBits(segment);
}

/** For a segment of base64url characters: no impossible length, and zero bits past the last whole byte. */
function hasZeroUnusedBits(segment: string): boolean {
  const rest = segment.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const unusedBits = rest === 2 ? 0b1111 : 0b11;
  return (sextet(segment.charCodeAt(segment.length - 1)) & unusedBits) === 0;
}

/** The header of one segment (canonical base64url already checked), or TokenInvalid naming the rule broken. */
function checkHeader(segment: string): CompactHeader {
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
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

/** Returns the checked token's header, or throws TokenInvalid naming the first rule broken. */
export function precheckCompactJws(token: string): CompactJws {
  if (token.length === 0) throw new TokenInvalid('is empty');
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenInvalid('is too large');
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenInvalid('is not a compact JWS (three segments)');
  if (!parts.every(isCanonicalBase64url)) throw new TokenInvalid('is not in canonical compact form');
  return { header: checkHeader(parts[0]) };
}
