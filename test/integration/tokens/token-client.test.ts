/**
 * The token module against the local Entra ID over HTTPS (real MSAL, real JWTs): OBO and client-credential caching
 * counted at the token endpoint, the composite header, Entra errors as Fabric answers, bounded retries, credential
 * rotation on invalid_client, and no token material in any log line.
 */
import * as jose from 'jose';
import { startLocalEntra, aadError, claimsChallenge, consentRequired, type LocalEntra } from '../../../devtools/local-entra/server';
import { frontendToken, fabricSubjectToken } from '../../../devtools/local-entra/fabric-tokens';
import { parseSubjectAndAppToken } from '../../../src/auth/inbound/header';
import { FabricError } from '../../../src/fabric/errors';
import { SCOPES } from '../../../src/tokens/scopes';
import type { TokenClient } from '../../../src/tokens/types';
import { ALICE, BACKEND_APP_ID, BOB, claimsOf, LogCapture, PUBLISHER_TENANT, RecordingClock, secretSource, tls, tokenClientFor, USER_TENANT, WORKLOAD } from './support';

const clients: Record<string, string> = { [BACKEND_APP_ID]: 'backend-secret' };
let idp: LocalEntra;
const logs = new LogCapture();
let client: TokenClient;

const tokenPosts = (grant?: string) => idp.tokenRequests.filter((r) => grant === undefined || r.grant_type === grant);
const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

async function expectFabricError(p: Promise<unknown>): Promise<FabricError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FabricError);
  return err as FabricError;
}

beforeAll(async () => {
  idp = await startLocalEntra({ tls: tls(), clients });
  client = await tokenClientFor(idp, { log: logs.logger });
});

afterAll(async () => {
  await idp.stop();
  // No token material anywhere in the log: no JWTs, no secrets, no refresh tokens.
  const all = logs.lines.join('\n');
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  expect(all).not.toContain('backend-secret');
  expect(all).not.toMatch(/rt\.[0-9a-f-]{36}/);
});

beforeEach(() => {
  idp.setTokenOverride(undefined);
  idp.tokenRequests.length = 0;
});

describe('On-Behalf-Of', () => {
  it('exchanges in the user tenant and gets a OneLake token for the same user', async () => {
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const t = await client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] });
    const c = claimsOf(t.token);
    expect(c).toMatchObject({ aud: 'https://storage.azure.com', oid: ALICE.oid, tid: USER_TENANT, appid: BACKEND_APP_ID, scp: 'user_impersonation' });
    expect(t.expiresOn.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    const posts = tokenPosts(OBO);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ tenant: USER_TENANT, requested_token_use: 'on_behalf_of', client_id: BACKEND_APP_ID, assertion: subject });
    expect(posts[0].scope.split(' ')).toContain(SCOPES.oneLake);
  });

  it('1,000 repeated identical requests make exactly one token request', async () => {
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const first = await client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] });
    for (let i = 0; i < 999; i++) {
      const again = await client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] });
      expect(again.token).toBe(first.token);
    }
    expect(tokenPosts()).toHaveLength(1);
  });

  it('1,000 concurrent identical requests share one token request', async () => {
    const subject = await frontendToken(idp, WORKLOAD, BOB, ['Item.Read.All']);
    const all = await Promise.all(Array.from({ length: 1000 }, () => client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] })));
    expect(new Set(all.map((t) => t.token)).size).toBe(1);
    expect(tokenPosts()).toHaveLength(1);
  });

  it('a different subject token or scope is a different exchange', async () => {
    const a = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const b = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All'], { claims: { uti: 'other' } });
    await client.onBehalfOf({ subjectToken: a, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] });
    await client.onBehalfOf({ subjectToken: b, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] });
    await client.onBehalfOf({ subjectToken: a, tenantId: USER_TENANT, scopes: [SCOPES.fabric] });
    expect(tokenPosts(OBO)).toHaveLength(3);
  });

  it('rejects a tenant that is not a GUID before any network call', async () => {
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await expectFabricError(client.onBehalfOf({ subjectToken: subject, tenantId: 'evil.com/../common', scopes: [SCOPES.oneLake] }));
    expect(err.status).toBe(400);
    expect(tokenPosts()).toHaveLength(0);
  });
});

describe('app-only (client credentials)', () => {
  it('asks the publisher tenant once and then serves from the cache', async () => {
    const a = await client.appOnly([SCOPES.fabric]);
    const b = await client.appOnly([SCOPES.fabric]);
    expect(b.token).toBe(a.token);
    expect(claimsOf(a.token)).toMatchObject({ aud: 'https://analysis.windows.net/powerbi/api', appid: BACKEND_APP_ID, tid: PUBLISHER_TENANT, idtyp: 'app' });
    const posts = tokenPosts('client_credentials');
    expect(posts).toHaveLength(1);
    expect(posts[0].tenant).toBe(PUBLISHER_TENANT);
  });
});

describe('workload-control authorization', () => {
  it('builds SubjectAndAppToken1.0 from an OBO token (user tenant) and an app token (publisher tenant), both for Fabric', async () => {
    const subject = await fabricSubjectToken(idp, WORKLOAD, ALICE);
    const header = await client.workloadControlAuthorization({ subjectToken: subject, tenantId: USER_TENANT });
    expect(header.startsWith('SubjectAndAppToken1.0 subjectToken="')).toBe(true);
    const parsed = parseSubjectAndAppToken(header);
    const jwks = jose.createRemoteJWKSet(new URL(`${idp.origin}/common/discovery/v2.0/keys`));
    const s = (await jose.jwtVerify(parsed.subjectToken!, jwks, { audience: 'https://analysis.windows.net/powerbi/api' })).payload;
    const a = (await jose.jwtVerify(parsed.appToken, jwks, { audience: 'https://analysis.windows.net/powerbi/api' })).payload;
    expect(s).toMatchObject({ oid: ALICE.oid, tid: USER_TENANT, appid: BACKEND_APP_ID });
    expect(a).toMatchObject({ tid: PUBLISHER_TENANT, appid: BACKEND_APP_ID, idtyp: 'app' });
  });
});

describe('Entra errors become answers the frontend can act on', () => {
  it('AADSTS65001 → 403 ConsentRequired with the scopes and an admin-consent URL for the user tenant', async () => {
    idp.setTokenOverride((r) => (r.grant_type === OBO ? consentRequired(r.client_id) : undefined));
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await expectFabricError(client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] }));
    const body = err.toBody();
    expect(err.status).toBe(403);
    expect(body).toMatchObject({ errorCode: 'ConsentRequired', source: 'User', isPermanent: false });
    const params = Object.fromEntries(body.moreDetails![0].additionalParameters!.map((p) => [p.name, p.value]));
    expect(body.moreDetails![0].errorCode).toBe('AADSTS65001');
    expect(params.additionalScopesToConsent).toBe(SCOPES.oneLake);
    expect(params.tenantId).toBe(USER_TENANT);
    const url = new URL(params.consentUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.origin}/${USER_TENANT}/v2.0/adminconsent`);
    expect(url.searchParams.get('client_id')).toBe(BACKEND_APP_ID);
    expect(url.searchParams.get('scope')).toBe(SCOPES.oneLake);
  });

  it('AADSTS65005 → 403 ConsentRequired as well', async () => {
    idp.setTokenOverride((r) => (r.grant_type === OBO ? aadError(400, 'invalid_grant', 65005, 'The application needs access to a service that your organization has not subscribed to or enabled.') : undefined));
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await expectFabricError(client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] }));
    expect(err.status).toBe(403);
    expect(err.toBody().moreDetails![0].errorCode).toBe('AADSTS65005');
  });

  it('a conditional-access claims challenge is passed through unchanged (401 AuthUIRequired)', async () => {
    const challenge = claimsChallenge();
    idp.setTokenOverride((r) => (r.grant_type === OBO ? challenge : undefined));
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await expectFabricError(client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] }));
    const claims = (challenge.body as { claims: string }).claims;
    expect(err.status).toBe(401);
    expect(err.errorCode).toBe('AuthUIRequired');
    expect(err.toBody().moreDetails![0].additionalParameters).toEqual([{ name: 'claimsForConditionalAccessPolicy', value: claims }]);
    expect(err.headers['WWW-Authenticate']).toBe(`Bearer error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`);
  });

  it('AADSTS50013 (bad assertion) → 401', async () => {
    idp.setTokenOverride((r) => (r.grant_type === OBO ? aadError(400, 'invalid_grant', 50013, 'Assertion failed signature validation.') : undefined));
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await expectFabricError(client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] }));
    expect(err.status).toBe(401);
    expect(err.errorCode).toBe('SubjectTokenRejected');
  });

  it('an expired subject token is rejected by Entra (AADSTS500133) → 401', async () => {
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All'], { expiresInSeconds: -60 });
    const err = await expectFabricError(client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] }));
    expect(err.status).toBe(401);
    expect(err.message).toContain('AADSTS500133');
  });

  it('AADSTS700016 (app not in the user tenant) → 400 with the admin-consent URL', async () => {
    idp.setTokenOverride((r) => (r.tenant === USER_TENANT ? aadError(400, 'unauthorized_client', 700016, `Application with identifier '${r.client_id}' was not found in the directory '${r.tenant}'.`) : undefined));
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await expectFabricError(client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.fabric] }));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('WorkloadAppNotInTenant');
    expect(err.toBody().moreDetails![0].additionalParameters![0].value).toContain(`/${USER_TENANT}/v2.0/adminconsent`);
  });

  it('invalid_scope is a setup problem → 500 TokenAcquisitionFailed naming the AADSTS code only', async () => {
    idp.setTokenOverride(() => aadError(400, 'invalid_scope', 70011, 'The provided value for the input parameter scope is not valid.'));
    const err = await expectFabricError(client.appOnly(['https://example.invalid/.default']));
    expect(err.status).toBe(500);
    expect(err.message).toBe('Token acquisition failed (AADSTS70011)');
  });
});

describe('retries: network failures, 5xx and 429', () => {
  it('5xx twice, then success: three attempts, one answer', async () => {
    let failures = 2;
    idp.setTokenOverride(() => (failures-- > 0 ? { status: 503, body: { error: 'temporarily_unavailable' } } : undefined));
    const clock = new RecordingClock();
    const c = await tokenClientFor(idp, { log: logs.logger, clock });
    await c.appOnly([SCOPES.oneLake]);
    expect(tokenPosts()).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    // Full jitter (random 0.5): half of 100 ms, then half of 200 ms.
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('5xx forever: bounded attempts, then 503 EntraUnavailable with Retry-After (and no MSAL lock-out afterwards)', async () => {
    idp.setTokenOverride(() => ({ status: 500, body: { error: 'server_error' } }));
    const clock = new RecordingClock();
    const c = await tokenClientFor(idp, { log: logs.logger, clock });
    const err = await expectFabricError(c.appOnly([SCOPES.oneLake]));
    expect(err.status).toBe(503);
    expect(err.errorCode).toBe('EntraUnavailable');
    expect(err.headers['Retry-After']).toBe('5');
    expect(tokenPosts()).toHaveLength(4);
    idp.setTokenOverride(undefined);
    await c.appOnly([SCOPES.oneLake]);
    expect(tokenPosts()).toHaveLength(5);
  });

  it('429 with Retry-After: waits exactly that long once, then succeeds', async () => {
    let failures = 1;
    idp.setTokenOverride(() => (failures-- > 0 ? { status: 429, body: { error: 'temporarily_unavailable' }, headers: { 'retry-after': '1' } } : undefined));
    const clock = new RecordingClock();
    const c = await tokenClientFor(idp, { log: logs.logger, clock });
    await c.appOnly([SCOPES.oneLake]);
    expect(clock.sleeps).toEqual([1000]);
    expect(tokenPosts()).toHaveLength(2);
  });

  it('429 with a Retry-After longer than one wait may be: answered at once as 503 with that Retry-After', async () => {
    idp.setTokenOverride(() => ({ status: 429, body: { error: 'temporarily_unavailable' }, headers: { 'retry-after': '30' } }));
    const clock = new RecordingClock();
    const c = await tokenClientFor(idp, { log: logs.logger, clock });
    const err = await expectFabricError(c.appOnly([SCOPES.oneLake]));
    expect(err.status).toBe(503);
    expect(err.headers['Retry-After']).toBe('30');
    expect(tokenPosts()).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('an unreachable Entra: bounded attempts, then 503', async () => {
    const dead = await startLocalEntra({ tls: tls() });
    const origin = dead.origin;
    await dead.stop();
    const clock = new RecordingClock();
    const c = await tokenClientFor({ origin } as LocalEntra, { log: logs.logger, clock });
    const err = await expectFabricError(c.appOnly([SCOPES.oneLake]));
    expect(err.status).toBe(503);
    expect(err.errorCode).toBe('EntraUnavailable');
    expect(clock.sleeps).toHaveLength(3);
  });
});

describe('invalid_client: the credential is re-read once (rotation)', () => {
  it('a rotated secret is picked up on invalid_client and the request succeeds', async () => {
    let current = 'old-secret';
    const local = new LogCapture();
    const source = secretSource(() => current, local.logger);
    const c = await tokenClientFor(idp, { log: local.logger, credentials: source });
    try {
      await source.current(); // generation 1: the old secret
      // Rotation: Entra now only accepts the new secret, and the store holds it.
      clients[BACKEND_APP_ID] = 'new-secret';
      current = 'new-secret';
      const t = await c.appOnly([SCOPES.fabric]);
      expect(claimsOf(t.token).appid).toBe(BACKEND_APP_ID);
      expect(source.loads).toBe(2);
      const posts = tokenPosts('client_credentials');
      expect(posts.map((p) => p.client_secret)).toEqual(['old-secret', 'new-secret']);
    } finally {
      clients[BACKEND_APP_ID] = 'backend-secret';
    }
    logs.lines.push(...local.lines);
  });

  it('a credential that stays wrong fails after one re-read: 503 BackendCredentialRejected, logged without the secret', async () => {
    const local = new LogCapture();
    const source = secretSource(() => 'wrong-secret', local.logger);
    const c = await tokenClientFor(idp, { log: local.logger, credentials: source });
    const err = await expectFabricError(c.appOnly([SCOPES.fabric]));
    expect(err.status).toBe(503);
    expect(err.errorCode).toBe('BackendCredentialRejected');
    // Re-read once; the same secret came back, so Entra is not asked again with it.
    expect(source.loads).toBe(2);
    expect(tokenPosts('client_credentials')).toHaveLength(1);
    expect(local.matching(/Entra ID rejected the backend credential \(invalid_client, AADSTS7000215\): test secret/)).toHaveLength(1);
    expect(local.lines.join('\n')).not.toContain('wrong-secret');
    logs.lines.push(...local.lines);
  });
});
