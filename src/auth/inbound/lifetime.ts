/**
 * Token lifetime rules (docs/security.md, rules 11-12), with the same arithmetic as jose's claim checks.
 * Used after jose on every fresh validation and on every verified-token cache hit (rule 19). Pure.
 */
import { TokenInvalid } from './errors';

/** Rule 12: accepted clock skew, seconds (the .NET default). */
export const CLOCK_TOLERANCE_SECONDS = 300;
/** Rule 13: oldest accepted `iat`, seconds (covers CAE's 20-28 h tokens). */
export const MAX_TOKEN_AGE_SECONDS = 30 * 3600;

export interface TokenTimes {
  readonly exp: number;
  readonly nbf: number;
  readonly iat: number;
}

/** Throws TokenInvalid when the token is not valid at `nowSeconds` (integer seconds since the epoch). */
export function checkLifetime(times: TokenTimes, nowSeconds: number): void {
  if (times.nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw new TokenInvalid('is not yet valid (nbf)');
  if (times.exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS) throw new TokenInvalid('is expired');
  const age = nowSeconds - times.iat;
  if (age - CLOCK_TOLERANCE_SECONDS > MAX_TOKEN_AGE_SECONDS) throw new TokenInvalid('is too old (iat)');
  if (age < -CLOCK_TOLERANCE_SECONDS) throw new TokenInvalid('was issued in the future (iat)');
}

/** Epoch seconds as jose computes them. */
export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
