/**
 * Validates one Entra ID access token for this endpoint (docs/security.md, "Token validation"):
 * compact-form pre-checks (rules 1-5) → verified-token cache (rule 19) → jose.jwtVerify: RS256 signature with a key
 * from the configured JWKS only, typ, audience, lifetime, maximum age, required claims (rules 6-13) → Entra's own
 * claim rules (rules 14-18). Throws TokenInvalid (401) or KeysUnavailable (503); returns the typed claims.
 * Role checks (app-only vs delegated, caller app, tenant, scopes) belong to the pre-handlers.
 */
import type * as Jose from 'jose';
import { systemClock, type Clock } from '../../shared/clock';
import { checkEntraClaims, type ClaimRules, type EntraClaims } from './claims';
import { ALLOWED_ALGORITHM, MAX_TOKEN_LENGTH, precheckCompactJws } from './compact';
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
  readonly clock?: Clock;
}

// jose loads on first validation, not at import (cold start of every function that imports the pre-handlers).
let jose: Promise<typeof Jose> | undefined;
const loadJose = (): Promise<typeof Jose> => (jose ??= import('jose'));

const REQUIRED_CLAIMS = ['exp', 'nbf', 'iat', 'tid', 'ver', 'iss', 'aud'];

/** jose's errors → a short reason. Anything unexpected is reported as malformed, never thrown raw. */
function reasonFromJose(j: typeof Jose, err: unknown): TokenInvalid | KeysUnavailable {
  if (err instanceof TokenInvalid || err instanceof KeysUnavailable) return err;
  if (err instanceof j.errors.JWSSignatureVerificationFailed) return new TokenInvalid('signature is invalid');
  if (err instanceof j.errors.JWTExpired) return new TokenInvalid(err.claim === 'iat' ? 'is too old (iat)' : 'is expired');
  if (err instanceof j.errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return new TokenInvalid(`${err.claim} claim is missing`);
    if (err.claim === 'aud') return new TokenInvalid(typeof err.payload.aud === 'string' ? 'audience mismatch' : 'audience must be a single string');
    if (err.claim === 'nbf') return new TokenInvalid('is not yet valid (nbf)');
    if (err.claim === 'iat') return new TokenInvalid(err.reason === 'invalid' ? 'iat claim must be a number' : 'was issued in the future (iat)');
    if (err.claim === 'typ') return new TokenInvalid('typ must be JWT');
    return new TokenInvalid(`${err.claim} claim is invalid`);
  }
  if (err instanceof j.errors.JOSEAlgNotAllowed) return new TokenInvalid('alg must be RS256');
  if (err instanceof j.errors.JOSENotSupported) return new TokenInvalid('uses unsupported critical header parameters');
  return new TokenInvalid('is malformed', { cause: err });
}

class EntraTokenValidator implements TokenValidator {
  private readonly rules: ClaimRules;
  private readonly audiences: string[];
  private readonly cache: VerifiedTokenCache;
  private readonly clock: Clock;

  constructor(settings: InboundAuthSettings, private readonly keys: SigningKeySource, options: TokenValidatorOptions) {
    this.rules = { issuers: entraIssuers(settings.authorityHost), audiences: acceptedAudiences(settings) };
    this.audiences = [...this.rules.audiences.v1, ...this.rules.audiences.v2];
    this.cache = options.cache ?? new VerifiedTokenCache();
    this.clock = options.clock ?? systemClock;
  }

  async validate(token: string): Promise<EntraClaims> {
    if (typeof token !== 'string') throw new TokenInvalid('is missing');
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenInvalid('is too large');
    const nowMs = this.clock.now();
    // Only tokens that passed every check are cached, keyed by their exact bytes: a hit re-checks what can change.
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

    const { header } = precheckCompactJws(token);
    const j = await loadJose();
    let used: SigningKey | undefined;
    let payload: Jose.JWTPayload;
    try {
      ({ payload } = await j.jwtVerify(
        token,
        async () => {
          used = await this.keys.getKey(header.kid);
          return used.key;
        },
        {
          algorithms: [ALLOWED_ALGORITHM],
          typ: 'JWT',
          audience: this.audiences,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          maxTokenAge: MAX_TOKEN_AGE_SECONDS,
          requiredClaims: REQUIRED_CLAIMS,
          currentDate: new Date(nowMs),
        },
      ));
    } catch (err) {
      throw reasonFromJose(j, err);
    }
    const claims = checkEntraClaims(payload as Record<string, unknown>, this.rules, used?.issuer);
    checkLifetime(claims, epochSeconds(nowMs));
    this.cache.set(cacheKey, { claims, kid: header.kid });
    return claims;
  }
}

/** Builds a validator over explicit settings and keys (no process-wide state). */
export function createTokenValidator(settings: InboundAuthSettings, keys: SigningKeySource, options: TokenValidatorOptions = {}): TokenValidator {
  return new EntraTokenValidator(settings, keys, options);
}
