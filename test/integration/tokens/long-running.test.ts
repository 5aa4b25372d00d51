/**
 * Long-running OBO: a job keeps acting for the user after the subject token expired. Tokens here live seconds.
 * The grant is redeemed by a DIFFERENT token client (its own MSAL application and cache, as on another instance),
 * and the resulting OneLake token writes to Azurite's Entra-authenticated blob endpoint (the OneLake stand-in).
 */
import { BlobServiceClient } from '@azure/storage-blob';
import * as jose from 'jose';
import { aadError, startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { FabricError } from '../../../src/fabric/errors';
import { SCOPES } from '../../../src/tokens/scopes';
import type { TokenClient } from '../../../src/tokens/types';
import { ALICE, BACKEND_APP_ID, BOB, claimsOf, jobOf, LogCapture, PUBLISHER_TENANT, RecordingClock, testGrantKeys, tls, tokenClientFor, until, USER_TENANT, WORKLOAD } from './support';

let idp: LocalEntra;
const logs = new LogCapture();
let jobStarter: TokenClient;
let otherInstance: TokenClient;

const refreshPosts = () => idp.tokenRequests.filter((r) => r.grant_type === 'refresh_token');

async function rejection(p: Promise<unknown>): Promise<FabricError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(FabricError);
  return e as FabricError;
}

beforeAll(async () => {
  idp = await startLocalEntra({ tls: tls(), clients: { [BACKEND_APP_ID]: 'backend-secret' } });
  jobStarter = await tokenClientFor(idp, { log: logs.logger });
  otherInstance = await tokenClientFor(idp, { log: logs.logger });
});

afterAll(async () => {
  await idp.stop();
  const all = logs.lines.join('\n');
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  expect(all).not.toMatch(/rt\.[0-9a-f-]{36}/);
});

beforeEach(() => idp.setTokenOverride(undefined));
afterEach(() => idp.setTokenOverride(undefined));

it('keeps getting OneLake tokens for the user after the subject token expired, on another instance', async () => {
  // Warm up first (MSAL loads, authority metadata is fetched) so the short-lived token is not spent on that.
  await jobStarter.appOnly([SCOPES.fabric]);
  const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.ReadWrite.All'], { expiresInSeconds: 3 });
  const grant = await jobStarter.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
  // Opaque: no token, no user id, no refresh token in clear.
  expect(grant.startsWith('lrg1.')).toBe(true);
  expect(grant).not.toContain(ALICE.oid);
  expect(grant).not.toMatch(/rt\.|eyJ/);

  const exp = (claimsOf(subject).exp as number) * 1000;
  await until(() => Date.now() > exp + 1000, 5000);
  // The subject token itself is now useless for OBO (Entra: AADSTS500133) …
  const expired = await rejection(otherInstance.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] }));
  expect(expired.status).toBe(401);

  // … but the grant still works, on an instance that never saw the user.
  const first = await otherInstance.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
  const jwks = jose.createRemoteJWKSet(new URL(`${idp.origin}/common/discovery/v2.0/keys`));
  const { payload } = await jose.jwtVerify(first.token.token, jwks, { audience: 'https://storage.azure.com' });
  expect(payload).toMatchObject({ oid: ALICE.oid, tid: USER_TENANT, appid: BACKEND_APP_ID });
  expect(first.grant).not.toBe(grant); // the refresh token rotated
  expect(refreshPosts().at(-1)).toMatchObject({ tenant: USER_TENANT, client_id: BACKEND_APP_ID });

  // The updated grant keeps working, and so does redeeming for another scope.
  const second = await otherInstance.acquireLongRunning({ grant: first.grant, tenantId: USER_TENANT, scopes: [SCOPES.fabric], job: jobOf(ALICE) });
  expect(claimsOf(second.token.token)).toMatchObject({ aud: 'https://analysis.windows.net/powerbi/api', oid: ALICE.oid });
  // Once this instance holds the user's tokens, a repeated redemption is served from its cache.
  const refreshes = refreshPosts().length;
  const again = await otherInstance.acquireLongRunning({ grant: second.grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
  expect(again.token.token).toBe(first.token.token);
  expect(refreshPosts()).toHaveLength(refreshes);

  // The token is accepted by the OneLake stand-in (Azurite over HTTPS with Entra bearer tokens).
  const endpoint = process.env.AZURITE_BLOB_ENDPOINT!;
  const blobs = new BlobServiceClient(endpoint, { getToken: async () => ({ token: first.token.token, expiresOnTimestamp: first.token.expiresOn.getTime() }) });
  const shared = BlobServiceClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!);
  const container = `lr-${Date.now()}`;
  await shared.getContainerClient(container).create();
  await blobs.getContainerClient(container).getBlockBlobClient('Files/out.txt').upload('written by a job', 16);
  const read = await shared.getContainerClient(container).getBlobClient('Files/out.txt').downloadToBuffer();
  expect(read.toString()).toBe('written by a job');
});

it('begins by exchanging for the job scopes, so consent problems show while the user is present', async () => {
  idp.setTokenOverride((r) => (r.grant_type?.endsWith('jwt-bearer') ? aadError(400, 'invalid_grant', 65001, 'The user or administrator has not consented.', { suberror: 'consent_required' }) : undefined));
  const subject = await frontendToken(idp, WORKLOAD, BOB, ['Item.ReadWrite.All']);
  const err = await rejection(jobStarter.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(BOB) }));
  expect(err.status).toBe(403);
  expect(err.errorCode).toBe('ConsentRequired');
});

describe('a grant that cannot be honoured ends the operation (401 LongRunningGrantInvalid, permanent)', () => {
  let grant: string;
  beforeAll(async () => {
    const subject = await frontendToken(idp, WORKLOAD, BOB, ['Item.ReadWrite.All']);
    grant = await jobStarter.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(BOB) });
  });

  it.each([
    ['tampered', () => grant.slice(0, -6) + (grant.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'), USER_TENANT],
    ['redeemed for another tenant', () => grant, PUBLISHER_TENANT],
    ['not a grant', () => 'eyJhbGciOi.not.a.grant', USER_TENANT],
  ])('%s', async (_name, g, tenant) => {
    const err = await rejection(otherInstance.acquireLongRunning({ grant: g(), tenantId: tenant, scopes: [SCOPES.oneLake], job: jobOf(BOB) }));
    expect(err.status).toBe(401);
    expect(err.toBody()).toMatchObject({ errorCode: 'LongRunningGrantInvalid', isPermanent: true });
  });

  it('sealed with a key this instance does not hold', async () => {
    const stranger = await tokenClientFor(idp, { log: logs.logger, grantKeys: testGrantKeys([Buffer.alloc(32, 9)]) });
    const err = await rejection(stranger.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(BOB) }));
    expect(err.errorCode).toBe('LongRunningGrantInvalid');
  });

  it('expired (its absolute lifetime never slides)', async () => {
    const clock = new RecordingClock();
    const later = await tokenClientFor(idp, { log: logs.logger, clock });
    clock.sleeps.push(3601_000);
    const err = await rejection(later.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(BOB) }));
    expect(err.message).toContain('expired');
  });

  it('the refresh token was revoked at Entra', async () => {
    idp.setTokenOverride((r) => (r.grant_type === 'refresh_token' ? aadError(400, 'invalid_grant', 70000, 'The provided value for the refresh_token is not valid.') : undefined));
    const fresh = await tokenClientFor(idp, { log: logs.logger });
    const err = await rejection(fresh.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(BOB) }));
    expect(err.errorCode).toBe('LongRunningGrantInvalid');
    expect(err.message).toContain('AADSTS70000');
  });

  it('but an Entra outage is retryable (503), not the end of the grant', async () => {
    idp.setTokenOverride(() => ({ status: 503, body: { error: 'temporarily_unavailable' } }));
    const fresh = await tokenClientFor(idp, { log: logs.logger, clock: new RecordingClock() });
    const err = await rejection(fresh.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(BOB) }));
    expect(err.status).toBe(503);
    expect(err.errorCode).toBe('EntraUnavailable');
  });
});

it('a grant sealed under the previous key still unseals after key rotation, and comes back sealed with the new key', async () => {
  const oldKey = Buffer.alloc(32, 1);
  const newKey = Buffer.alloc(32, 2);
  const before = await tokenClientFor(idp, { log: logs.logger, grantKeys: testGrantKeys([oldKey]) });
  const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.ReadWrite.All']);
  const grant = await before.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
  const after = await tokenClientFor(idp, { log: logs.logger, grantKeys: testGrantKeys([newKey, oldKey]) });
  const redeemed = await after.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
  const onlyNew = await tokenClientFor(idp, { log: logs.logger, grantKeys: testGrantKeys([newKey]) });
  await expect(onlyNew.acquireLongRunning({ grant: redeemed.grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) })).resolves.toMatchObject({ token: { token: expect.any(String) } });
});

it('prunes users whose tokens all expired from the in-memory cache, and keeps the others', async () => {
  const clock = new RecordingClock();
  const c = await tokenClientFor(idp, { log: logs.logger, clock, cachePruneIntervalMs: 0 });
  const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  const bob = await frontendToken(idp, WORKLOAD, BOB, ['Item.Read.All']);
  const obo = () => idp.tokenRequests.filter((r) => r.requested_token_use === 'on_behalf_of').length;
  const start = obo();
  await c.onBehalfOf({ subjectToken: alice, tenantId: USER_TENANT, scopes: [SCOPES.fabric] });
  await c.onBehalfOf({ subjectToken: bob, tenantId: USER_TENANT, scopes: [SCOPES.fabric] });
  await c.onBehalfOf({ subjectToken: alice, tenantId: USER_TENANT, scopes: [SCOPES.fabric] });
  expect(obo() - start).toBe(2); // pruning ran on every call and kept live users
  clock.sleeps.push(3 * 3600_000); // the prune's clock is now past every token's expiry
  await c.onBehalfOf({ subjectToken: bob, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] });
  await c.onBehalfOf({ subjectToken: alice, tenantId: USER_TENANT, scopes: [SCOPES.fabric] });
  expect(obo() - start).toBe(4); // Alice's cached token was pruned, so she was exchanged again
});
