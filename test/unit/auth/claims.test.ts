import { checkEntraClaims, hasScope, isAppOnly, isDelegated, scopesOf, type ClaimRules } from '../../../src/auth/inbound/claims';
import { TokenInvalid } from '../../../src/auth/inbound/errors';
import { MSA_TENANT_ID, entraIssuers } from '../../../src/auth/inbound/issuers';

const host = 'https://login.microsoftonline.com';
const tid = '11111111-1111-4111-8111-111111111111';
const appId = '22222222-2222-4222-8222-222222222222';
const audience = `api://localdevinstance/${tid}/Org.Test`;
const rules: ClaimRules = { issuers: entraIssuers(host), audiences: { v1: [audience, appId], v2: [appId] } };
const keyIssuer = `${host}/{tenantid}/v2.0`;
const now = Math.floor(Date.now() / 1000);
const v1 = { iss: `https://sts.windows.net/${tid}/`, ver: '1.0', tid, aud: audience, iat: now, nbf: now, exp: now + 3600, appid: appId, oid: tid, scp: 'a b' };
const v2 = { ...v1, iss: `${host}/${tid}/v2.0`, ver: '2.0', aud: appId, appid: undefined, azp: appId };

const reason = (payload: Record<string, unknown>, ki: string | undefined = keyIssuer): string => {
  try {
    checkEntraClaims(payload, rules, ki);
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(TokenInvalid);
    return (err as TokenInvalid).reason;
  }
};

describe('Entra claim rules', () => {
  it('accepts v1 and v2 tokens and types the claims', () => {
    const c1 = checkEntraClaims({ ...v1, upn: 'u@x', name: 'U' }, rules, keyIssuer);
    expect(c1).toMatchObject({ ver: '1.0', tid, clientAppId: appId, upn: 'u@x', name: 'U', scp: 'a b' });
    const c2 = checkEntraClaims({ ...v2, preferred_username: 'u@x' }, rules, keyIssuer);
    expect(c2).toMatchObject({ ver: '2.0', clientAppId: appId, upn: 'u@x' });
    expect(reason({ ...v1, aud: appId })).toBe('accepted'); // v1 with use_guid: the client id
    expect(reason(v1, undefined)).toBe('accepted'); // keys without an issuer member (v1 documents)
  });

  it.each([
    ['tid missing', { ...v1, tid: undefined }, 'tid claim is missing', undefined],
    ['tid not a GUID', { ...v1, tid: 'contoso' }, 'tenant (tid) is not a tenant id', undefined],
    ['tid upper-case', { ...v1, tid: 'ABCDEF00-1111-4111-8111-111111111111' }, 'tenant (tid) is not a tenant id', undefined],
    ['MSA tenant', { ...v1, tid: MSA_TENANT_ID, iss: `https://sts.windows.net/${MSA_TENANT_ID}/` }, 'is from the personal Microsoft account (MSA) tenant', undefined],
    ['ver missing', { ...v1, ver: undefined }, 'ver claim is missing', undefined],
    ['ver 3.0', { ...v1, ver: '3.0' }, 'version (ver) is not 1.0 or 2.0', undefined],
    ['ver as a number', { ...v1, ver: 1 }, 'version (ver) is not 1.0 or 2.0', undefined],
    ['v2 issuer on a v1 token', { ...v1, iss: v2.iss }, 'issuer mismatch', undefined],
    ['v1 issuer on a v2 token', { ...v2, iss: v1.iss }, 'issuer mismatch', undefined],
    ['issuer of another tenant', { ...v1, iss: 'https://sts.windows.net/33333333-3333-4333-8333-333333333333/' }, 'issuer mismatch', undefined],
    ['issuer without trailing slash', { ...v1, iss: v1.iss.slice(0, -1) }, 'issuer mismatch', undefined],
    ['aud missing', { ...v1, aud: undefined }, 'aud claim is missing', undefined],
    ['aud array', { ...v1, aud: [audience] }, 'audience must be a single string', undefined],
    ['aud of another app', { ...v1, aud: 'api://other' }, 'audience mismatch', undefined],
    ['aud with a trailing slash', { ...v1, aud: `${audience}/` }, 'audience mismatch', undefined],
    ['aud api://{appid}', { ...v1, aud: `api://${appId}` }, 'audience mismatch', undefined],
    ['v2 with the v1 audience', { ...v2, aud: audience }, 'audience mismatch', undefined],
    ['key bound to another tenant', v1, 'signing key is not valid for this issuer', `${host}/${MSA_TENANT_ID}/v2.0`],
    ['key of another host', v1, 'signing key is not valid for this issuer', 'https://evil.example/{tenantid}/v2.0'],
    ['scp an array', { ...v1, scp: ['a'] }, 'scp claim must be a string', undefined],
    ['roles a string', { ...v1, roles: 'r' }, 'roles claim must be an array of strings', undefined],
    ['roles with a number', { ...v1, roles: ['r', 1] }, 'roles claim must be an array of strings', undefined],
    ['v1 without appid', { ...v1, appid: undefined, azp: appId }, 'client app id (appid) is missing', undefined],
    ['v2 without azp', { ...v2, azp: undefined, appid: appId }, 'client app id (azp) is missing', undefined],
    ['oid not a GUID', { ...v1, oid: 'x' }, 'oid claim is not a GUID', undefined],
    ['idtyp a number', { ...v1, idtyp: 1 }, 'idtyp claim must be a string', undefined],
    ['exp missing', { ...v1, exp: undefined }, 'exp claim is missing', undefined],
    ['nbf a string', { ...v1, nbf: String(now) }, 'nbf claim must be a number', undefined],
  ])('rejects %s', (_name, payload, expected, ki: string | undefined) => {
    expect(reason(payload as Record<string, unknown>, ki ?? keyIssuer)).toBe(expected);
  });

  it('checks scopes by exact word', () => {
    const c = checkEntraClaims({ ...v1, scp: 'FabricWorkloadControlX  Item1.Read' }, rules, keyIssuer);
    expect(scopesOf(c)).toEqual(['FabricWorkloadControlX', 'Item1.Read']);
    expect(hasScope(c, 'FabricWorkloadControl')).toBe(false);
    expect(hasScope(c, 'Item1.Read')).toBe(true);
    expect(hasScope(c, 'item1.read')).toBe(false);
  });

  it('tells app-only from delegated tokens', () => {
    const app = checkEntraClaims({ ...v1, scp: undefined, idtyp: 'app' }, rules, keyIssuer);
    expect([isAppOnly(app), isDelegated(app)]).toEqual([true, false]);
    const user = checkEntraClaims({ ...v1, idtyp: 'user' }, rules, keyIssuer);
    expect([isAppOnly(user), isDelegated(user)]).toEqual([false, true]);
    const both = checkEntraClaims({ ...v1, idtyp: 'app' }, rules, keyIssuer);
    expect([isAppOnly(both), isDelegated(both)]).toEqual([false, false]);
    const neither = checkEntraClaims({ ...v1, scp: undefined }, rules, keyIssuer);
    expect([isAppOnly(neither), isDelegated(neither)]).toEqual([false, false]);
  });
});
