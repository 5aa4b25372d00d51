/**
 * `Authorization: Bearer <token>` (RFC 6750 §2.1) for data-plane calls. Pure. The scheme is case-insensitive;
 * exactly one space, then one token of compact-JWS characters; anything else is rejected.
 */
import { AuthorizationHeaderInvalid } from './errors';
import { MAX_TOKEN_LENGTH } from './compact';

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/i;

export function parseBearerHeader(header: string | null | undefined): string {
  if (typeof header !== 'string' || header.length === 0) throw new AuthorizationHeaderInvalid('Authorization header is missing');
  if (header.length > MAX_TOKEN_LENGTH + 7) throw new AuthorizationHeaderInvalid('Authorization header is too large');
  const m = BEARER.exec(header);
  if (!m) throw new AuthorizationHeaderInvalid('Authorization header must be "Bearer <token>"');
  return m[1];
}
