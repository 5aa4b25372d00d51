import { aadstsCode, classifyEntraFailure } from '../../../src/tokens/entra-failure';

/** Shapes as msal-node 7 throws them (fields only). */
const server = (errorCode: string, code: number | undefined, extra: Record<string, unknown> = {}) => ({
  name: 'ServerError',
  errorCode,
  errorNo: code === undefined ? undefined : String(code),
  errorMessage: `Error(s): ${code ?? 'Not Available'} - Timestamp: x - Description: AADSTS${code ?? ''}: text - Correlation ID: y`,
  subError: '',
  ...extra,
});

describe('classifyEntraFailure', () => {
  it.each([
    ['65001 consent (InteractionRequiredAuthError)', { ...server('invalid_grant', 65001), name: 'InteractionRequiredAuthError', subError: 'consent_required' }, { kind: 'consent', code: 65001 }],
    ['65005 misconfigured resource', server('invalid_grant', 65005), { kind: 'consent', code: 65005 }],
    ['65004 consent declined', server('access_denied', 65004), { kind: 'consent', code: 65004 }],
    ['claims challenge', { ...server('invalid_grant', 50076), name: 'InteractionRequiredAuthError', subError: 'basic_action', claims: '{"access_token":{}}' }, { kind: 'claims', code: 50076, claims: '{"access_token":{}}' }],
    ['50013 bad assertion', server('invalid_grant', 50013), { kind: 'bad-assertion', code: 50013 }],
    ['500133 expired assertion', server('invalid_grant', 500133), { kind: 'bad-assertion', code: 500133 }],
    ['700016 app not in tenant', server('unauthorized_client', 700016), { kind: 'app-not-in-tenant', code: 700016 }],
    ['invalid_client (bad secret)', server('invalid_client', 7000215), { kind: 'invalid-client', code: 7000215 }],
    ['expired secret without errorCode', server('', 7000222), { kind: 'invalid-client', code: 7000222 }],
    ['federated assertion mismatch', server('invalid_client', 700213), { kind: 'invalid-client', code: 700213 }],
    ['network_error from our network client', { name: 'AuthError', errorCode: 'network_error', errorMessage: 'Entra ID request failed after 4 attempt(s): HTTP 503', retryAfterMs: 3000 }, { kind: 'transient', code: undefined, retryAfterMs: 3000 }],
    ['a redirect our network client refused', { name: 'AuthError', errorCode: 'redirect_not_followed', errorMessage: 'Entra ID answered HTTP 307 (a redirect, never followed)', status: 307 }, { kind: 'redirect' }],
    ['MSAL could not resolve endpoints', { name: 'ClientAuthError', errorCode: 'endpoints_resolution_error', errorMessage: '' }, { kind: 'transient', code: undefined, retryAfterMs: undefined }],
    ['5xx status', server('server_error', undefined, { status: 503 }), { kind: 'transient', code: undefined, retryAfterMs: undefined }],
    ['login_required', { ...server('login_required', 50058), name: 'InteractionRequiredAuthError' }, { kind: 'interaction', code: 50058 }],
    ['revoked refresh token', server('invalid_grant', 70000), { kind: 'invalid-grant', code: 70000 }],
    ['invalid_scope', server('invalid_scope', 70011), { kind: 'other', code: 70011, errorCode: 'invalid_scope' }],
  ])('%s', (_name, err, expected) => expect(classifyEntraFailure(err)).toEqual(expected));

  it('reads the AADSTS number from the text when MSAL did not parse it', () => {
    expect(aadstsCode({ errorMessage: 'invalid_grant: AADSTS65001: The user…' })).toBe(65001);
    expect(aadstsCode({ message: 'Error(s): 50013 - Timestamp' })).toBe(50013);
    expect(aadstsCode({ errorNo: 700016 })).toBe(700016);
    expect(aadstsCode({ message: 'nothing here' })).toBeUndefined();
  });

  it('anything that is not an error object is "other"', () => {
    expect(classifyEntraFailure('boom')).toEqual({ kind: 'other', errorCode: 'unknown' });
    expect(classifyEntraFailure(null)).toEqual({ kind: 'other', errorCode: 'unknown' });
  });
});
