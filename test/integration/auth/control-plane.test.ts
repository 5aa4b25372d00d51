/**
 * Control-plane pre-handler (SubjectAndAppToken1.0) against the local Entra ID: valid calls pass with the right
 * context; every row of the bad-input table names the rule it breaks and must get the right status and errorCode.
 */
import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { FABRIC_APP_ID, fabricAppToken, fabricSubjectToken } from '../../../devtools/local-entra/fabric-tokens';
import { controlPlaneWith, MSA_TENANT_ID, SUBJECT_AND_APP_SCHEME } from '../../../src/auth/inbound';
import { json } from '../../../src/http/respond';
import { PUBLISHER_TENANT, USER_TENANT, buildAuth, call, claimsOf, controlHeaders, headerOf, nowSeconds, startIdp, user, workload, type TestAuth } from './harness';

let idp: LocalEntra;
let attacker: LocalEntra;
let t: TestAuth;
const echo = async (_req: unknown, auth: unknown) => json(200, auth);

beforeAll(async () => {
  [idp, attacker] = await Promise.all([startIdp(), startIdp()]);
  t = buildAuth(idp);
});
afterAll(async () => {
  t.auth.close();
  await Promise.all([idp.stop(), attacker.stop()]);
});

const handlers = () => ({
  required: controlPlaneWith(t.auth, { subjectToken: 'required' }, echo),
  optional: controlPlaneWith(t.auth, { subjectToken: 'optional' }, echo),
  resolution: controlPlaneWith(t.auth, { subjectToken: 'optional', tenantHeader: 'notSent' }, echo),
});

const app = (o: Parameters<typeof fabricAppToken>[2] = {}) => fabricAppToken(idp, workload, o);
const subject = (o: Parameters<typeof fabricSubjectToken>[3] = {}) => fabricSubjectToken(idp, workload, user, o);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** Same payload, new header and signature made with the given key (an attacker's). */
async function resign(token: string, header: Record<string, unknown>, key: jose.CryptoKey | Uint8Array): Promise<string> {
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(claimsOf(token)))).setProtectedHeader(header as jose.CompactJWSHeaderParameters).sign(key);
}
/** Header and payload as given, signed by the local Entra ID's own key. */
async function signed(token: string, header: Record<string, unknown>, claims: Record<string, unknown> = {}): Promise<string> {
  return idp.sign({ ...headerOf(token), ...header } as jose.JWTHeaderParameters, { ...claimsOf(token), ...claims });
}

describe('control plane: valid calls', () => {
  it.each(['v1', 'v2'] as const)('accepts a user call with %s tokens and hands over the context', async (version) => {
    const [a, s] = await Promise.all([app({ version }), subject({ version })]);
    const headers = controlHeaders(a, s);
    const res = await call(handlers().required, headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: 'controlPlane',
      tenantId: USER_TENANT,
      publisherTenantId: PUBLISHER_TENANT,
      callerAppId: FABRIC_APP_ID,
      user: { tenantId: USER_TENANT, oid: user.oid, name: user.name, upn: user.upn },
      subjectToken: s,
      correlation: { activityId: headers.activityid, requestId: headers.requestid },
    });
  });

  it('accepts a v1 appToken with a v2 subjectToken', async () => {
    const res = await call(handlers().required, controlHeaders(await app({ version: 'v1' }), await subject({ version: 'v2' })));
    expect(res.status).toBe(200);
  });

  it.each(['v1', 'v2'] as const)('accepts an app-only %s call where the subject token is optional', async (version) => {
    const res = await call(handlers().optional, controlHeaders(await app({ version }), undefined));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'controlPlane', tenantId: USER_TENANT, callerAppId: FABRIC_APP_ID });
    expect(res.body.user).toBeUndefined();
    expect(res.body.subjectToken).toBeUndefined();
  });

  it('accepts the second Fabric app id (Fabric Client for Workloads)', async () => {
    const callerAppId = 'd2450708-699c-41e3-8077-b0c8341509aa';
    const res = await call(handlers().required, controlHeaders(await app({ callerAppId }), await subject({ callerAppId })));
    expect(res.status).toBe(200);
    expect(res.body.callerAppId).toBe(callerAppId);
  });

  it('accepts ms-client-tenant-id instead of x-ms-client-tenant-id, and both when they agree', async () => {
    const [a, s] = await Promise.all([app(), subject()]);
    const alt = controlHeaders(a, s, null);
    expect((await call(handlers().required, { ...alt, 'ms-client-tenant-id': USER_TENANT })).status).toBe(200);
    expect((await call(handlers().required, { ...controlHeaders(a, s), 'ms-client-tenant-id': USER_TENANT.toUpperCase() })).status).toBe(200);
  });

  it('endpoint resolution: no tenant header; the tenant is the user\'s, else the publisher\'s', async () => {
    const a = await app();
    const withUser = await call(handlers().resolution, controlHeaders(a, await subject(), null));
    expect(withUser.status).toBe(200);
    expect(withUser.body.tenantId).toBe(USER_TENANT);
    const appOnly = await call(handlers().resolution, controlHeaders(a, undefined, null));
    expect(appOnly.status).toBe(200);
    expect(appOnly.body.tenantId).toBe(PUBLISHER_TENANT);
  });

  it('accepts a subject token typed as a user (idtyp user) with several scopes', async () => {
    const res = await call(handlers().required, controlHeaders(await app(), await subject({ claims: { idtyp: 'user', scp: 'Other FabricWorkloadControl' } })));
    expect(res.status).toBe(200);
  });

  it('refuses to build a pre-handler with invalid options', () => {
    expect(() => controlPlaneWith(t.auth, { subjectToken: 'maybe' as 'required' }, echo)).toThrow(TypeError);
    expect(() => controlPlaneWith(t.auth, { subjectToken: 'required', tenantHeader: 'x' as 'required' }, echo)).toThrow(TypeError);
  });
});

type Build = () => Promise<Record<string, string>>;
interface Row {
  readonly rule: string;
  readonly build: Build;
  readonly status: 401 | 403;
  readonly errorCode: string;
  /** Exact message of the error body. */
  readonly message: string;
  readonly handler?: 'required' | 'optional' | 'resolution';
}

const now = nowSeconds();
type AppOptions = Parameters<typeof fabricAppToken>[2];
type SubjectOptions = Parameters<typeof fabricSubjectToken>[3];
const lazy = <T,>(o: T | (() => T)): T => (typeof o === 'function' ? (o as () => T)() : o);
const withApp = (o: AppOptions | (() => AppOptions)): Build => async () => controlHeaders(await app(lazy(o)), await subject());
const withSubject = (o: SubjectOptions | (() => SubjectOptions)): Build => async () => controlHeaders(await app(), await subject(lazy(o)));
const appTokenAs = (make: (valid: string) => Promise<string> | string): Build => async () => controlHeaders(await make(await app()), await subject());

const rows: Row[] = [
  // Authorization header grammar
  { rule: 'Authorization header required', build: async () => { const h = await withApp({})(); delete h.authorization; return h; }, status: 401, errorCode: 'InvalidAuthorizationHeader', message: 'Authorization header is missing' },
  { rule: 'scheme must be SubjectAndAppToken1.0', build: async () => ({ ...(await withApp({})()), authorization: `Bearer ${await app()}` }), status: 401, errorCode: 'InvalidAuthorizationHeader', message: `Authorization scheme must be ${SUBJECT_AND_APP_SCHEME}` },
  { rule: 'no unknown keys', build: async () => ({ ...(await withApp({})()), authorization: `${SUBJECT_AND_APP_SCHEME} subjectToken="", appToken="${await app()}", extra="1"` }), status: 401, errorCode: 'InvalidAuthorizationHeader', message: 'Authorization header has an unknown key', handler: 'optional' },
  { rule: 'no duplicate keys', build: async () => { const a = await app(); return { ...(await withApp({})()), authorization: `${SUBJECT_AND_APP_SCHEME} appToken="${a}", appToken="${a}"` }; }, status: 401, errorCode: 'InvalidAuthorizationHeader', message: 'Authorization header repeats appToken', handler: 'optional' },
  { rule: 'appToken required', build: async () => ({ ...(await withApp({})()), authorization: `${SUBJECT_AND_APP_SCHEME} subjectToken="${await subject()}"` }), status: 401, errorCode: 'InvalidAuthorizationHeader', message: 'Authorization header is missing appToken' },
  { rule: 'header at most 32 KiB', build: async () => ({ ...(await withApp({})()), authorization: `${SUBJECT_AND_APP_SCHEME} subjectToken="${'a'.repeat(33 * 1024)}", appToken="${await app()}"` }), status: 401, errorCode: 'InvalidAuthorizationHeader', message: 'Authorization header is too large' },
  { rule: 'no garbage', build: async () => ({ ...(await withApp({})()), authorization: `${SUBJECT_AND_APP_SCHEME} {"appToken": 1}` }), status: 401, errorCode: 'InvalidAuthorizationHeader', message: 'Authorization header is malformed: expected key="value" pairs separated by commas' },
  // Tenant header
  { rule: 'tenant header required', build: async () => controlHeaders(await app(), await subject(), null), status: 401, errorCode: 'InvalidTenantHeader', message: 'x-ms-client-tenant-id header is missing' },
  { rule: 'tenant header is a GUID', build: async () => controlHeaders(await app(), await subject(), 'contoso.onmicrosoft.com'), status: 401, errorCode: 'InvalidTenantHeader', message: 'x-ms-client-tenant-id header is not a tenant id (GUID)' },
  { rule: 'both tenant headers must agree', build: async () => ({ ...controlHeaders(await app(), await subject()), 'ms-client-tenant-id': PUBLISHER_TENANT }), status: 401, errorCode: 'InvalidTenantHeader', message: 'x-ms-client-tenant-id and ms-client-tenant-id headers disagree' },
  // Operation requirements
  { rule: 'subjectToken required for create/update', build: async () => controlHeaders(await app(), undefined), status: 401, errorCode: 'SubjectTokenRequired', message: 'subjectToken is required for this operation' },
  // Compact form (rules 1-2)
  { rule: 'three segments', build: appTokenAs((a) => a.split('.').slice(0, 2).join('.')), status: 401, errorCode: 'InvalidToken', message: 'appToken is not a compact JWS (three segments)' },
  { rule: 'no JWE (five segments)', build: appTokenAs((a) => `${a}.AAAA.BBBB`), status: 401, errorCode: 'InvalidToken', message: 'appToken is not a compact JWS (three segments)' },
  { rule: 'canonical base64url: no padding', build: async () => ({ ...(await withApp({})()), authorization: `${SUBJECT_AND_APP_SCHEME} subjectToken="", appToken="${await app()}"`.replace(/"$/, '=="') }), status: 401, errorCode: 'InvalidAuthorizationHeader', message: 'Authorization header appToken contains characters a token cannot have', handler: 'optional' },
  { rule: 'canonical base64url: signature padding bits', build: appTokenAs((a) => { const last = a.at(-1)!; const alt = 'AQgw'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : last; return a.slice(0, -1) + alt; }), status: 401, errorCode: 'InvalidToken', message: 'appToken is not in canonical compact form' },
  { rule: 'token at most 16 KiB', build: withApp({ claims: { pad: 'x'.repeat(13_000) } }), status: 401, errorCode: 'InvalidToken', message: 'appToken is too large' },
  // Header rules (3, 4, 8, 9)
  { rule: 'alg none refused', build: appTokenAs(async (a) => `${b64({ ...headerOf(a), alg: 'none' })}.${a.split('.')[1]}.`), status: 401, errorCode: 'InvalidToken', message: 'appToken is not in canonical compact form' },
  { rule: 'alg none with a signature refused', build: appTokenAs(async (a) => `${b64({ ...headerOf(a), alg: 'none' })}.${a.split('.')[1]}.${a.split('.')[2]}`), status: 401, errorCode: 'InvalidToken', message: 'appToken alg must be RS256' },
  { rule: 'HS256 with the public key as secret (alg confusion)', build: appTokenAs(async (a) => resign(a, { ...headerOf(a), alg: 'HS256' }, new TextEncoder().encode(JSON.stringify(idp.jwks().keys[0])))), status: 401, errorCode: 'InvalidToken', message: 'appToken alg must be RS256' },
  { rule: 'PS256 refused', build: appTokenAs(async (a) => resign(a, { ...headerOf(a), alg: 'PS256' }, (await jose.generateKeyPair('PS256')).privateKey)), status: 401, errorCode: 'InvalidToken', message: 'appToken alg must be RS256' },
  { rule: 'kid required', build: appTokenAs((a) => signed(a, { kid: undefined })), status: 401, errorCode: 'InvalidToken', message: 'appToken kid is missing or invalid' },
  { rule: 'kid at most 128 characters', build: appTokenAs((a) => signed(a, { kid: 'k'.repeat(129) })), status: 401, errorCode: 'InvalidToken', message: 'appToken kid is missing or invalid' },
  { rule: 'kid must be published in the JWKS', build: appTokenAs((a) => signed(a, { kid: randomUUID() })), status: 401, errorCode: 'InvalidToken', message: 'appToken signing key (kid) is unknown' },
  { rule: 'typ JWT', build: appTokenAs((a) => signed(a, { typ: 'at+jwt' })), status: 401, errorCode: 'InvalidToken', message: 'appToken typ must be JWT' },
  { rule: 'crit refused', build: appTokenAs((a) => signed(a, { crit: ['exp'] })), status: 401, errorCode: 'InvalidToken', message: 'appToken uses unsupported critical header parameters' },
  // Keys only from the configured JWKS (rules 5, 7)
  { rule: 'embedded jwk header ignored (attacker key, published kid)', build: appTokenAs(async (a) => { const k = await jose.generateKeyPair('RS256', { extractable: true }); return resign(a, { ...headerOf(a), jwk: await jose.exportJWK(k.publicKey) }, k.privateKey); }), status: 401, errorCode: 'InvalidToken', message: 'appToken signature is invalid' },
  { rule: 'jku header ignored (attacker JWKS)', build: appTokenAs(async (a) => attacker.sign({ alg: 'RS256', typ: 'JWT', kid: attacker.kids()[0], jku: `${attacker.origin}/common/discovery/v2.0/keys` } as jose.JWTHeaderParameters, claimsOf(a))), status: 401, errorCode: 'InvalidToken', message: 'appToken signing key (kid) is unknown' },
  { rule: 'x5u header ignored, signature by another IdP under a published kid', build: appTokenAs(async (a) => attacker.sign({ ...headerOf(a), x5u: `${attacker.origin}/cert.pem` } as jose.JWTHeaderParameters, claimsOf(a), attacker.kids()[0])), status: 401, errorCode: 'InvalidToken', message: 'appToken signature is invalid' },
  { rule: 'signature covers the payload (tampered claims)', build: appTokenAs(async (a) => { const [h, , s] = a.split('.'); return `${h}.${b64({ ...claimsOf(a), oid: randomUUID() })}.${s}`; }), status: 401, errorCode: 'InvalidToken', message: 'appToken signature is invalid' },
  // Lifetime (rules 10-13)
  { rule: 'exp required', build: withApp({ claims: { exp: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'appToken exp claim is missing' },
  { rule: 'exp checked (beyond 5 min skew)', build: withApp({ claims: { iat: now - 7200, nbf: now - 7200, exp: now - 301 } }), status: 401, errorCode: 'InvalidToken', message: 'appToken is expired' },
  { rule: 'nbf required', build: withApp({ claims: { nbf: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'appToken nbf claim is missing' },
  { rule: 'nbf checked (beyond 5 min skew)', build: withApp({ claims: { nbf: now + 600 } }), status: 401, errorCode: 'InvalidToken', message: 'appToken is not yet valid (nbf)' },
  { rule: 'iat required', build: withApp({ claims: { iat: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'appToken iat claim is missing' },
  { rule: 'iat not in the future', build: withApp({ claims: { iat: now + 600 } }), status: 401, errorCode: 'InvalidToken', message: 'appToken was issued in the future (iat)' },
  { rule: 'iat at most 30 h old', build: withApp({ claims: { iat: now - 31 * 3600, nbf: now - 31 * 3600 } }), status: 401, errorCode: 'InvalidToken', message: 'appToken is too old (iat)' },
  { rule: 'exp is a number', build: withApp({ claims: { exp: String(now + 3600) } }), status: 401, errorCode: 'InvalidToken', message: 'appToken exp claim is invalid' },
  // Tenant, version, issuer, audience (rules 14-18)
  { rule: 'tid required', build: withApp({ claims: { tid: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'appToken tid claim is missing' },
  { rule: 'tid is a GUID', build: withApp(() => ({ claims: { tid: 'contoso', iss: idp.issuerFor('contoso', 'v1') } })), status: 401, errorCode: 'InvalidToken', message: 'appToken tenant (tid) is not a tenant id' },
  { rule: 'MSA tenant never accepted', build: withSubject(() => ({ claims: { tid: MSA_TENANT_ID, iss: idp.issuerFor(MSA_TENANT_ID, 'v1') } })), status: 401, errorCode: 'InvalidToken', message: 'subjectToken is from the personal Microsoft account (MSA) tenant' },
  { rule: 'ver required', build: withApp({ claims: { ver: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'appToken ver claim is missing' },
  { rule: 'ver 1.0 or 2.0', build: withApp({ claims: { ver: '3.0' } }), status: 401, errorCode: 'InvalidToken', message: 'appToken version (ver) is not 1.0 or 2.0' },
  { rule: 'issuer matches ver (v2 issuer on a v1 token)', build: withApp(() => ({ claims: { iss: idp.issuerFor(PUBLISHER_TENANT, 'v2') } })), status: 401, errorCode: 'InvalidToken', message: 'appToken issuer mismatch' },
  { rule: 'issuer matches tid', build: withApp(() => ({ claims: { iss: idp.issuerFor(USER_TENANT, 'v1') } })), status: 401, errorCode: 'InvalidToken', message: 'appToken issuer mismatch' },
  { rule: 'issuer from the configured authority host only', build: withApp({ claims: { iss: `https://sts.windows.net/${PUBLISHER_TENANT}/` } }), status: 401, errorCode: 'InvalidToken', message: 'appToken issuer mismatch' },
  { rule: 'aud a single string', build: withApp({ claims: { aud: [workload.backendAudience] } }), status: 401, errorCode: 'InvalidToken', message: 'appToken audience must be a single string' },
  { rule: 'aud is this workload (v1)', build: withApp({ claims: { aud: 'api://localdevinstance/other/Org.Other' } }), status: 401, errorCode: 'InvalidToken', message: 'appToken audience mismatch' },
  { rule: 'aud of a v2 token is the client id', build: withApp({ version: 'v2', claims: { aud: workload.backendAudience } }), status: 401, errorCode: 'InvalidToken', message: 'appToken audience mismatch' },
  { rule: 'roles is a string array', build: withApp({ claims: { roles: 'FabricWorkloadControl' } }), status: 401, errorCode: 'InvalidToken', message: 'appToken roles claim must be an array of strings' },
  { rule: 'appid required on v1 tokens', build: withApp({ claims: { appid: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'appToken client app id (appid) is missing' },
  { rule: 'azp required on v2 tokens', build: withApp({ version: 'v2', claims: { azp: undefined, appid: FABRIC_APP_ID } }), status: 401, errorCode: 'InvalidToken', message: 'appToken client app id (azp) is missing' },
  // appToken role
  { rule: 'appToken app-only: no scp', build: withApp({ claims: { scp: 'FabricWorkloadControl' } }), status: 401, errorCode: 'TokenKindNotAccepted', message: 'appToken is not an app-only token' },
  { rule: 'appToken app-only: idtyp app', build: withApp({ claims: { idtyp: undefined } }), status: 401, errorCode: 'TokenKindNotAccepted', message: 'appToken is not an app-only token' },
  { rule: 'appToken oid required', build: withApp({ claims: { oid: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'appToken oid claim is missing' },
  { rule: 'appToken from a Fabric app id', build: async () => controlHeaders(await app({ callerAppId: randomUUID() }), await subject()), status: 401, errorCode: 'CallerNotAllowed', message: 'appToken is not from a Fabric application' },
  { rule: 'appToken from the publisher tenant', build: async () => controlHeaders(await fabricAppToken(idp, { ...workload, publisherTenantId: USER_TENANT }), await subject()), status: 401, errorCode: 'CallerNotAllowed', message: 'appToken is not from the publisher tenant' },
  // subjectToken role
  { rule: 'subjectToken delegated: not idtyp app', build: withSubject({ claims: { idtyp: 'app' } }), status: 401, errorCode: 'TokenKindNotAccepted', message: 'subjectToken is not a delegated user token' },
  { rule: 'subjectToken delegated: has scp', build: withSubject({ claims: { scp: undefined } }), status: 401, errorCode: 'TokenKindNotAccepted', message: 'subjectToken is not a delegated user token' },
  { rule: 'subjectToken oid required', build: withSubject({ claims: { oid: undefined } }), status: 401, errorCode: 'InvalidToken', message: 'subjectToken oid claim is missing' },
  { rule: 'subjectToken scp is a string', build: withSubject({ claims: { scp: ['FabricWorkloadControl'] } }), status: 401, errorCode: 'InvalidToken', message: 'subjectToken scp claim must be a string' },
  { rule: 'subjectToken same app as appToken', build: async () => controlHeaders(await app(), await subject({ callerAppId: 'd2450708-699c-41e3-8077-b0c8341509aa' })), status: 401, errorCode: 'CallerNotAllowed', message: 'subjectToken and appToken were issued to different applications' },
  { rule: 'subjectToken tid equals the tenant header', build: async () => controlHeaders(await app(), await subject(), PUBLISHER_TENANT), status: 401, errorCode: 'TenantMismatch', message: 'subjectToken tenant does not match the x-ms-client-tenant-id header' },
  { rule: 'subjectToken audience', build: withSubject({ claims: { aud: 'api://someone-else' } }), status: 401, errorCode: 'InvalidToken', message: 'subjectToken audience mismatch' },
  { rule: 'subjectToken lifetime', build: withSubject({ claims: { iat: now - 7200, nbf: now - 7200, exp: now - 600 } }), status: 401, errorCode: 'InvalidToken', message: 'subjectToken is expired' },
  { rule: 'subjectToken validated on optional operations too', build: withSubject({ claims: { aud: 'api://someone-else' } }), status: 401, errorCode: 'InvalidToken', message: 'subjectToken audience mismatch', handler: 'optional' },
  { rule: 'scope FabricWorkloadControl by exact word (no substring)', build: withSubject({ claims: { scp: 'FabricWorkloadControlX' } }), status: 403, errorCode: 'InsufficientScope', message: 'subjectToken lacks the FabricWorkloadControl scope' },
  { rule: 'scope FabricWorkloadControl by exact word (case)', build: withSubject({ claims: { scp: 'fabricworkloadcontrol Item1.Read' } }), status: 403, errorCode: 'InsufficientScope', message: 'subjectToken lacks the FabricWorkloadControl scope' },
];

describe('control plane: bad tokens and headers', () => {
  it('has at least 40 distinct rules', () => {
    expect(new Set(rows.map((r) => r.rule)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows.map((r) => [r.rule, r] as const))('%s', async (_rule, row) => {
    const res = await call(handlers()[row.handler ?? 'required'], await row.build());
    expect({ status: res.status, errorCode: res.body.errorCode, message: res.body.message }).toEqual({ status: row.status, errorCode: row.errorCode, message: row.message });
    expect(res.body).toMatchObject({ source: expect.any(String), isPermanent: expect.any(Boolean) });
    expect(res.headers['www-authenticate']).toBe(row.status === 401 ? 'Bearer error="invalid_token"' : 'Bearer error="insufficient_scope", scope="FabricWorkloadControl"');
  });

  it('never fetched anything from the attacker', () => {
    expect(attacker.jwksRequests).toBe(0);
  });
});
