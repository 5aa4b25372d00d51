/**
 * Validates one Entra ID access token for this endpoint, following token-validation.md §2:
 * compact-form pre-checks → (verified-token cache) → RS256 signature with a key from the configured JWKS only →
 * jose's JWT claims-set checks (lifetime, max age, required claims) → Entra claim rules.
 * Throws TokenInvalid (401) or KeysUnavailable (503); returns the typed claims.
 *
 * Why the signature is not checked inside jose.jwtVerify: on Node 20, jose 6 verifies through WebCrypto, whose
 * per-call overhead made a full SubjectAndAppToken authentication (two unique tokens) cost ~0.2-0.3x of two raw
 * RS256 verifies (bench/README.md). The signature step is the same primitive with node:crypto on a KeyObject
 * (RSASSA-PKCS1-v1_5, SHA-256, over the exact ASCII of `header.payload`); the algorithm is pinned to RS256 by the
 * pre-checks before any key is touched. Every claims-set rule is still jose's own code: after the signature
 * passed, the verified payload segment is handed to jose.UnsecuredJWT.decode with the same options jwtVerify takes.
 * That step is about 16 % of a unique authentication on Node 20 (jose decodes base64 through atob there); it is
 * kept on purpose: the claims set is jose's job, and this project's own rules (claims.ts, lifetime.ts) only add
 * Entra's and re-check the lifetime on cache hits (docs/performance.md has the measurements).
 * Role checks (app-only vs delegated, caller app, tenant, scopes) belong to the pre-handlers.
 */
import { verify as rsaVerify } from 'node:crypto';
import type * as Jose from 'jose';
import { checkEntraClaims, type ClaimRules, type EntraClaims } from './claims';
import { MAX_TOKEN_LENGTH, precheckCompactJws } from './compact';
import { KeysUnavailable, TokenInvalid } from './errors';
import { entraIssuers } from './issuers';
import { CLOCK_TOLERANCE_SECONDS, MAX_TOKEN_AGE_SECONDS, checkLifetime, epochSeconds } from './lifetime';
import { acceptedAudiences, type InboundAuthSettings } from './settings';
import type { SigningKey, SigningKeySource } from './key-source';
import { VerifiedTokenCache, tokenCacheKey } from './token-cache';

export interface TokenValidator {
  validate(token: string): Promise<EntraClaims>;
}

export interface TokenValidatorOptions {
  /** Verified-token cache; pass `new VerifiedTokenCache(0)` to disable. */
  readonly cache?: VerifiedTokenCache;
  /** Clock, ms since the epoch. */
  readonly now?: () => number;
}

// jose loads on first validation, not at import (cold start of every function that imports the pre-handlers).
// Once loaded it is used directly, without another await.
let joseModule: typeof Jose | undefined;
let josePromise: Promise<typeof Jose> | undefined;
const loadJose = async (): Promise<typeof Jose> => (joseModule ??= await (josePromise ??= import('jose')));

const REQUIRED_CLAIMS = ['exp', 'nbf', 'iat', 'tid', 'ver', 'iss', 'aud'];
/** `{"alg":"none"}`: the protected header under which jose re-reads an already verified payload for its claim checks. */
const VERIFIED_PAYLOAD_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');

/** jose's errors → a short reason. Anything unexpected is reported as malformed, never thrown raw. */
function reasonFromJose(jose: typeof Jose, err: unknown): TokenInvalid | KeysUnavailable {
  if (err instanceof TokenInvalid || err instanceof KeysUnavailable) return err;
  if (err instanceof jose.errors.JWSSignatureVerificationFailed) return new TokenInvalid('signature is invalid');
  if (err instanceof jose.errors.JWTExpired) return new TokenInvalid(err.claim === 'iat' ? 'is too old (iat)' : 'is expired');
  if (err instanceof jose.errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return new TokenInvalid(`${err.claim} claim is missing`);
    if (err.claim === 'nbf') return new TokenInvalid('is not yet valid (nbf)');
    if (err.claim === 'iat') return new TokenInvalid(err.reason === 'invalid' ? 'iat claim must be a number' : 'was issued in the future (iat)');
    if (err.claim === 'typ') return new TokenInvalid('typ must be JWT');
    return new TokenInvalid(`${err.claim} claim is invalid`);
  }
  if (err instanceof jose.errors.JOSEAlgNotAllowed) return new TokenInvalid('alg must be RS256');
  if (err instanceof jose.errors.JOSENotSupported) return new TokenInvalid('uses unsupported critical header parameters');
  return new TokenInvalid('is malformed', { cause: err });
}

class EntraTokenValidator implements TokenValidator {
  private readonly rules: ClaimRules;
  private readonly cache: VerifiedTokenCache;
  private readonly now: () => number;

  constructor(settings: InboundAuthSettings, private readonly keys: SigningKeySource, options: TokenValidatorOptions) {
    this.rules = { issuers: entraIssuers(settings.authorityHost), audiences: acceptedAudiences(settings) };
    this.cache = options.cache ?? new VerifiedTokenCache();
    this.now = options.now ?? Date.now;
  }

  async validate(token: string): Promise<EntraClaims> {
    if (typeof token !== 'string') throw new TokenInvalid('is missing');
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenInvalid('is too large');
    // Only tokens that passed every check (pre-checks included) are cached, so an exact-bytes hit skips the pre-checks.
    const nowMs = this.now();
    const cacheKey = tokenCacheKey(token);
    const cached = this.cache.get(cacheKey);
    if (cached) {
      try {
        checkLifetime(cached.claims, epochSeconds(nowMs));
      } catch (err) {
        this.cache.delete(cacheKey);
        throw err;
      }
      if (this.keys.peekKey(cached.kid)) return cached.claims;
      this.cache.delete(cacheKey); // key withdrawn or stale: validate in full again
    }

    const jws = precheckCompactJws(token);
    const jose = joseModule ?? (await loadJose());
    let used: SigningKey;
    let payload: Jose.JWTPayload;
    try {
      used = await this.keys.getKey(jws.header.kid);
      if (!rsaVerify('sha256', Buffer.from(jws.signingInput, 'latin1'), used.key, Buffer.from(jws.signature, 'base64url'))) {
        throw new TokenInvalid('signature is invalid');
      }
      ({ payload } = jose.UnsecuredJWT.decode(`${VERIFIED_PAYLOAD_HEADER}.${jws.payload}.`, {
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
        requiredClaims: REQUIRED_CLAIMS,
        currentDate: new Date(nowMs),
      }));
    } catch (err) {
      throw reasonFromJose(jose, err);
    }
    const claims = checkEntraClaims(payload as Record<string, unknown>, this.rules, used.issuer);
    checkLifetime(claims, epochSeconds(nowMs));
    this.cache.admit(cacheKey, { claims, kid: jws.header.kid });
    return claims;
  }
}

/** Builds a validator over explicit settings and keys (no process-wide state). */
export function createTokenValidator(settings: InboundAuthSettings, keys: SigningKeySource, options: TokenValidatorOptions = {}): TokenValidator {
  return new EntraTokenValidator(settings, keys, options);
}
