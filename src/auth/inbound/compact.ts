/**
 * Pre-checks of a compact JWS before any key lookup or signature work (token-validation.md §2 rules 1-4, 8, 9). No I/O;
 * the only state is a bounded memo of header segments that passed (same segment, same answer).
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

/** A pre-checked compact JWS, split at its dots. */
export interface CompactJws {
  readonly header: CompactHeader;
  /** `header.payload`: the exact bytes the signature covers. */
  readonly signingInput: string;
  /** The payload segment, still base64url. */
  readonly payload: string;
  /** The signature segment, still base64url. */
  readonly signature: string;
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

/**
 * Header segments that passed, with their header. Entra signs with a handful of keys, so its tokens carry a handful
 * of byte-identical headers; the same segment always gives the same answer, so it is decoded and checked once.
 * Bounded: emptied when full (only segments that passed are kept; a failing one is checked every time).
 */
const checkedHeaders = new Map<string, CompactHeader>();
export const MAX_CHECKED_HEADERS = 64;

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
  return Object.freeze({ alg: ALLOWED_ALGORITHM, kid: h.kid, typ: 'JWT' });
}

function rememberHeader(segment: string): CompactHeader {
  const header = checkHeader(segment);
  if (checkedHeaders.size >= MAX_CHECKED_HEADERS) checkedHeaders.clear();
  checkedHeaders.set(segment, header);
  return header;
}

/** Returns the checked token split at its dots, or throws TokenInvalid naming the first rule broken. */
export function precheckCompactJws(token: string): CompactJws {
  if (token.length === 0) throw new TokenInvalid('is empty');
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenInvalid('is too large');
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenInvalid('is not a compact JWS (three segments)');
  const known = checkedHeaders.get(parts[0]); // a known segment passed every header check, canonical form included
  const canonical = (known !== undefined || isCanonicalBase64url(parts[0])) && isCanonicalBase64url(parts[1]) && isCanonicalBase64url(parts[2]);
  if (!canonical) throw new TokenInvalid('is not in canonical compact form');
  const header = known ?? rememberHeader(parts[0]);
  return {
    header,
    signingInput: token.slice(0, parts[0].length + 1 + parts[1].length),
    payload: parts[1],
    signature: parts[2],
  };
}
