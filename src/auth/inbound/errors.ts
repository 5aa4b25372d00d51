/**
 * Errors of inbound authentication.
 * - Internal failures (TokenInvalid, SigningKeyNotFound, KeysUnavailable, TenantHeaderInvalid) say what was wrong
 *   with one token or header; they never carry token material.
 * - HTTP answers (AuthenticationFailed 401, InsufficientScope 403, SigningKeysUnavailable 503) are FabricErrors:
 *   the HTTP wrapper turns them into Fabric's error body.
 */
import { FabricError, ServiceUnavailableError } from '../../fabric/errors';

/** A token failed a validation rule. `reason` is short and safe to show, e.g. "audience mismatch". */
export class TokenInvalid extends Error {
  override readonly name: string = 'TokenInvalid';
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}

/** The token names a key (kid) that the configured JWKS does not publish. */
export class SigningKeyNotFound extends TokenInvalid {
  override readonly name = 'SigningKeyNotFound';
  constructor() {
    super('signing key (kid) is unknown');
  }
}

/** No usable signing keys: the JWKS could not be fetched (or is too stale) and none are held. */
export class KeysUnavailable extends Error {
  override readonly name = 'KeysUnavailable';
  constructor(readonly reason: string, readonly retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(`signing keys unavailable: ${reason}`, options);
  }
}

/** The JWKS endpoint answered something unusable (HTTP error, timeout, not JSON, no usable keys). */
export class JwksFetchFailed extends Error {
  override readonly name = 'JwksFetchFailed';
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`JWKS fetch failed: ${reason}`, options);
  }
}

/** x-ms-client-tenant-id / ms-client-tenant-id missing, not a GUID, or contradictory. */
export class TenantHeaderInvalid extends Error {
  override readonly name = 'TenantHeaderInvalid';
}

export type AuthenticationErrorCode =
  | 'InvalidAuthorizationHeader'
  | 'InvalidTenantHeader'
  | 'InvalidToken'
  | 'SubjectTokenRequired'
  | 'TokenKindNotAccepted'
  | 'CallerNotAllowed'
  | 'TenantMismatch';

/** 401: the caller could not be authenticated. Answered with `WWW-Authenticate: Bearer error="invalid_token"`. */
export class AuthenticationFailed extends FabricError {
  override readonly name = 'AuthenticationFailed';
  constructor(message: string, errorCode: AuthenticationErrorCode, { cause }: { readonly cause?: unknown } = {}) {
    super(message, { status: 401, errorCode, source: 'External', isPermanent: false, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, cause });
  }
}

/** 403: authenticated, but the token lacks a scope the operation needs. */
export class InsufficientScope extends FabricError {
  override readonly name = 'InsufficientScope';
  constructor(message: string, requiredScopes: readonly string[]) {
    super(message, {
      status: 403,
      errorCode: 'InsufficientScope',
      source: 'User',
      isPermanent: true,
      headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${requiredScopes.join(' ')}"` },
    });
  }
}

/** 503: no signing keys can be had right now; the caller may retry after Retry-After seconds. */
export class SigningKeysUnavailable extends ServiceUnavailableError {
  override readonly name = 'SigningKeysUnavailable';
  constructor(retryAfterSeconds: number, { cause }: { readonly cause?: unknown } = {}) {
    super('Token signing keys are unavailable; retry later', { errorCode: 'SigningKeysUnavailable', retryAfterSeconds, cause });
  }
}

/** The header could not be parsed. The message names the problem and never contains token material. */
export class AuthorizationHeaderInvalid extends Error {
  override readonly name = 'AuthorizationHeaderInvalid';
}
