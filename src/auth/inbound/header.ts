/**
 * The SubjectAndAppToken1.0 authorization scheme, both directions. Pure: no I/O.
 *   SubjectAndAppToken1.0 subjectToken="<jwt or empty>", appToken="<jwt>"
 * Strict grammar: the scheme, then comma-separated key="value" pairs; keys subjectToken and appToken only, once each;
 * values are token characters only (base64url and dots), no escapes. An absent or empty subjectToken means app-only.
 */
import { AuthorizationHeaderInvalid } from './errors';
export const SUBJECT_AND_APP_SCHEME = 'SubjectAndAppToken1.0';
export const MAX_AUTHORIZATION_HEADER_LENGTH = 32 * 1024;

export interface SubjectAndAppToken {
  /** Undefined for app-only calls. */
  readonly subjectToken?: string;
  readonly appToken: string;
}

const TOKEN_VALUE = /^[A-Za-z0-9_\-.]*$/;
/** A pair whose value holds token characters only: one scan of the value (the common case). */
const TOKEN_PAIR = /^\s*([A-Za-z]+)="([A-Za-z0-9_\-.]*)"\s*$/;
/** Any quoted pair: tells a value with foreign characters apart from a malformed pair. */
const PAIR = /^\s*([A-Za-z]+)="([^"]*)"\s*$/;

export function parseSubjectAndAppToken(header: string | null | undefined): SubjectAndAppToken {
  if (typeof header !== 'string' || header.length === 0) throw new AuthorizationHeaderInvalid('Authorization header is missing');
  if (header.length > MAX_AUTHORIZATION_HEADER_LENGTH) throw new AuthorizationHeaderInvalid('Authorization header is too large');
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme !== SUBJECT_AND_APP_SCHEME) throw new AuthorizationHeaderInvalid(`Authorization scheme must be ${SUBJECT_AND_APP_SCHEME}`);
  const rest = space === -1 ? '' : header.slice(space + 1);
  if (rest.trim() === '') throw new AuthorizationHeaderInvalid('Authorization header has no tokens');

  const values = new Map<string, string>();
  for (const part of rest.split(',')) {
    const tokenPair = TOKEN_PAIR.exec(part);
    const m = tokenPair ?? PAIR.exec(part);
    if (!m) throw new AuthorizationHeaderInvalid('Authorization header is malformed: expected key="value" pairs separated by commas');
    const [, key, value] = m;
    if (key !== 'subjectToken' && key !== 'appToken') throw new AuthorizationHeaderInvalid('Authorization header has an unknown key');
    if (values.has(key)) throw new AuthorizationHeaderInvalid(`Authorization header repeats ${key}`);
    // The two patterns differ only in the value's characters.
    if (!tokenPair) throw new AuthorizationHeaderInvalid(`Authorization header ${key} contains characters a token cannot have`);
    values.set(key, value);
  }
  const appToken = values.get('appToken');
  if (!appToken) throw new AuthorizationHeaderInvalid('Authorization header is missing appToken');
  const subjectToken = values.get('subjectToken');
  return subjectToken ? { subjectToken, appToken } : { appToken };
}

export function formatSubjectAndAppToken(tokens: SubjectAndAppToken): string {
  const { subjectToken = '', appToken } = tokens;
  if (!appToken || !TOKEN_VALUE.test(appToken) || !TOKEN_VALUE.test(subjectToken)) {
    throw new AuthorizationHeaderInvalid('Tokens contain characters that cannot be placed in the header');
  }
  return `${SUBJECT_AND_APP_SCHEME} subjectToken="${subjectToken}", appToken="${appToken}"`;
}
