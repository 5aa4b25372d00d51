/**
 * Turns a JWKS document into verification keys (docs/security.md, rule 7): only RSA signing keys
 * of at least 2048 bits with a usable kid are kept, with Entra's per-key `issuer` member. No I/O.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { JwksFetchFailed } from './errors';
import { MAX_KID_LENGTH } from './compact';

export const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 16384;
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface SigningKey {
  readonly kid: string;
  /** RSA public key, verified with node:crypto (RS256 = RSASSA-PKCS1-v1_5 over SHA-256). */
  readonly key: KeyObject;
  /** Entra's `issuer` member, e.g. https://login.microsoftonline.com/{tenantid}/v2.0 (absent in v1 documents). */
  readonly issuer?: string;
}

export interface ImportedKeys {
  readonly keys: ReadonlyMap<string, SigningKey>;
  /** Keys present in the document but not usable (wrong type, too small, duplicate kid, malformed). */
  readonly dropped: number;
}

interface RsaCandidate {
  readonly kid: string;
  readonly key: KeyObject;
  readonly issuer?: string;
}

function candidate(jwk: unknown): RsaCandidate | undefined {
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) return undefined;
  const k = jwk as Record<string, unknown>;
  if (k.kty !== 'RSA') return undefined;
  if (k.use !== undefined && k.use !== 'sig') return undefined;
  if (k.alg !== undefined && k.alg !== 'RS256') return undefined;
  if (k.key_ops !== undefined && !(Array.isArray(k.key_ops) && k.key_ops.includes('verify'))) return undefined;
  if (typeof k.kid !== 'string' || k.kid.length === 0 || k.kid.length > MAX_KID_LENGTH) return undefined;
  if (typeof k.n !== 'string' || typeof k.e !== 'string' || !B64URL.test(k.n) || !B64URL.test(k.e)) return undefined;
  if (k.issuer !== undefined && typeof k.issuer !== 'string') return undefined;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'RSA', n: k.n, e: k.e }, format: 'jwk' });
  } catch {
    return undefined;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) return undefined;
  return { kid: k.kid, key, issuer: k.issuer as string | undefined };
}

/** Throws JwksFetchFailed when the document is not a JWKS or holds no usable key (never swap in an empty set). */
export async function importSigningKeys(document: unknown): Promise<ImportedKeys> {
  if (document === null || typeof document !== 'object' || !Array.isArray((document as { keys?: unknown }).keys)) {
    throw new JwksFetchFailed('document is not a JWK set');
  }
  const raw = (document as { keys: unknown[] }).keys;
  const candidates = raw.map(candidate).filter((c): c is RsaCandidate => c !== undefined);
  const kidCounts = new Map<string, number>();
  for (const c of candidates) kidCounts.set(c.kid, (kidCounts.get(c.kid) ?? 0) + 1);

  const keys = new Map<string, SigningKey>();
  for (const c of candidates) {
    if (kidCounts.get(c.kid) !== 1) continue; // an ambiguous kid is unusable: fail closed on it
    keys.set(c.kid, c.issuer === undefined ? { kid: c.kid, key: c.key } : { kid: c.kid, key: c.key, issuer: c.issuer });
  }
  if (keys.size === 0) throw new JwksFetchFailed('document has no usable RSA signing key');
  return { keys, dropped: raw.length - keys.size };
}
