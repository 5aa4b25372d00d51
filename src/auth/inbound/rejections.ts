/**
 * Turns a failed check into the HTTP answer (401/403/503 FabricError) and logs why, with tokens shown by their
 * last 4 characters only.
 */
import type { FabricError } from '../../fabric/errors';
import { last4 } from '../../observability/redact';
import type { Logger } from '../../observability/logger';
import { AuthenticationFailed, AuthorizationHeaderInvalid, InsufficientScope, KeysUnavailable, SigningKeysUnavailable, TenantHeaderInvalid, TokenInvalid } from './errors';

export type TokenName = 'appToken' | 'subjectToken' | 'bearerToken';

const DISPLAY_NAME: Readonly<Record<TokenName, string>> = { appToken: 'appToken', subjectToken: 'subjectToken', bearerToken: 'Bearer token' };

/** A token failed validation: 401 InvalidToken naming the token and the rule, or 503 when no keys can be had. */
export function tokenRejection(which: TokenName, err: unknown): unknown {
  if (err instanceof TokenInvalid) return new AuthenticationFailed(`${DISPLAY_NAME[which]} ${err.reason}`, 'InvalidToken', { cause: err });
  if (err instanceof KeysUnavailable) return new SigningKeysUnavailable(err.retryAfterSeconds, { cause: err });
  return err;
}

/** The answer for an authentication/authorization failure, or undefined when err is something else (a bug). */
function asRejection(err: unknown): FabricError | undefined {
  if (err instanceof AuthorizationHeaderInvalid) return new AuthenticationFailed(err.message, 'InvalidAuthorizationHeader', { cause: err });
  if (err instanceof TenantHeaderInvalid) return new AuthenticationFailed(err.message, 'InvalidTenantHeader', { cause: err });
  if (err instanceof AuthenticationFailed || err instanceof InsufficientScope || err instanceof SigningKeysUnavailable) return err;
  return undefined;
}

/**
 * Returns what to throw for err: the HTTP answer (after logging the reason and the tokens' last 4 characters), or err
 * itself when it is not an authentication failure (the HTTP wrapper answers it as a 500 and logs it).
 */
export function rejectionFor(err: unknown, log: Logger, tokens: Readonly<Partial<Record<TokenName, string>>>): unknown {
  const answer = asRejection(err);
  if (!answer) return err;
  const tails: Record<string, string> = {};
  for (const [name, token] of Object.entries(tokens)) if (token) tails[name] = last4(token);
  log.warn('Inbound authentication rejected the call', { errorCode: answer.errorCode, status: answer.status, reason: answer.message, ...tails });
  return answer;
}
