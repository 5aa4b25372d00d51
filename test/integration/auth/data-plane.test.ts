/** Data-plane pre-handler (Bearer) against the local Entra ID: delegated tokens from any tenant, scopes by exact word. */
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { FABRIC_FRONTEND_APP_ID, fabricAppToken, frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { MSA_TENANT_ID, dataPlaneWith } from '../../../src/auth/inbound';
import { json } from '../../../src/http/respond';
import { USER_TENANT, buildAuth, call, startIdp, user, workload, type TestAuth } from './harness';

let idp: LocalEntra;
let t: TestAuth;
const SCOPES = ['Item1.ReadWrite.All', 'Item1.Read.All'];
const handler = () => dataPlaneWith(t.auth, { scopes: SCOPES }, async (_req, auth) => json(200, auth));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  idp = await startIdp();
  t = buildAuth(idp);
});
afterAll(async () => {
  t.auth.close();
  await idp.stop();
});

describe('data plane', () => {
  it.each(['v1', 'v2'] as const)('accepts a delegated %s token with an allowed scope and hands over the context', async (version) => {
    const token = await frontendToken(idp, workload, user, ['openid', 'Item1.Read.All'], { version });
    const res = await call(handler(), bearer(token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'dataPlane',
      tenantId: USER_TENANT,
      user: { tenantId: USER_TENANT, oid: user.oid, name: user.name, upn: user.upn },
      clientAppId: FABRIC_FRONTEND_APP_ID,
      scopes: ['openid', 'Item1.Read.All'],
      token,
    });
  });

  it('accepts any tenant (multi-tenant app)', async () => {
    const other = { ...user, tenantId: 'e5f6a7b8-0000-4000-8000-000000000042' };
    const res = await call(handler(), bearer(await frontendToken(idp, workload, other, ['Item1.ReadWrite.All'])));
    expect(res.status).toBe(200);
    expect(res.body.tenantId).toBe(other.tenantId);
  });

  it('refuses to build a pre-handler without scopes', () => {
    expect(() => dataPlaneWith(t.auth, { scopes: [] }, async () => json(200, {}))).toThrow(TypeError);
    expect(() => dataPlaneWith(t.auth, { scopes: ['a b'] }, async () => json(200, {}))).toThrow(TypeError);
  });

  const rows: [string, () => Promise<Record<string, string>>, number, string, string][] = [
    ['Authorization required', async () => ({}), 401, 'InvalidAuthorizationHeader', 'Authorization header is missing'],
    ['Bearer scheme only', async () => ({ authorization: `Basic ${Buffer.from('u:p').toString('base64')}` }), 401, 'InvalidAuthorizationHeader', 'Authorization header must be "Bearer <token>"'],
    ['one token only', async () => ({ authorization: `Bearer ${await frontendToken(idp, workload, user, SCOPES)} x` }), 401, 'InvalidAuthorizationHeader', 'Authorization header must be "Bearer <token>"'],
    ['SubjectAndAppToken is not a data-plane scheme', async () => ({ authorization: `SubjectAndAppToken1.0 subjectToken="", appToken="${await frontendToken(idp, workload, user, SCOPES)}"` }), 401, 'InvalidAuthorizationHeader', 'Authorization header must be "Bearer <token>"'],
    ['delegated only: app tokens refused', async () => bearer(await fabricAppToken(idp, workload)), 401, 'TokenKindNotAccepted', 'Bearer token is not a delegated user token'],
    ['delegated only: scp required', async () => bearer(await frontendToken(idp, workload, user, [], { claims: { scp: undefined } })), 401, 'TokenKindNotAccepted', 'Bearer token is not a delegated user token'],
    ['MSA tenant refused', async () => bearer(await frontendToken(idp, workload, { ...user, tenantId: MSA_TENANT_ID }, SCOPES)), 401, 'InvalidToken', 'Bearer token is from the personal Microsoft account (MSA) tenant'],
    ['audience is this workload', async () => bearer(await frontendToken(idp, workload, user, SCOPES, { claims: { aud: 'https://graph.microsoft.com' } })), 401, 'InvalidToken', 'Bearer token audience mismatch'],
    ['expired', async () => bearer(await frontendToken(idp, workload, user, SCOPES, { expiresInSeconds: -400 })), 401, 'InvalidToken', 'Bearer token is expired'],
    ['oid required', async () => bearer(await frontendToken(idp, workload, user, SCOPES, { claims: { oid: undefined } })), 401, 'InvalidToken', 'Bearer token oid claim is missing'],
    ['scopes intersect the allowed scopes', async () => bearer(await frontendToken(idp, workload, user, ['Item2.Read.All'])), 403, 'InsufficientScope', 'Bearer token has none of the scopes this operation accepts (Item1.ReadWrite.All, Item1.Read.All)'],
    ['scopes by exact word, not substring', async () => bearer(await frontendToken(idp, workload, user, ['Item1.ReadWrite.AllX', 'Item1.Read'])), 403, 'InsufficientScope', 'Bearer token has none of the scopes this operation accepts (Item1.ReadWrite.All, Item1.Read.All)'],
  ];

  it.each(rows)('rejects: %s', async (_rule, build, status, errorCode, message) => {
    const res = await call(handler(), await build());
    expect({ status: res.status, errorCode: res.body.errorCode, message: res.body.message }).toEqual({ status, errorCode, message });
    expect(res.headers['www-authenticate']).toBe(status === 401 ? 'Bearer error="invalid_token"' : 'Bearer error="insufficient_scope", scope="Item1.ReadWrite.All Item1.Read.All"');
  });
});
