/**
 * The Fabric client against the local Fabric API, which validates the composite header's two tokens against the
 * local Entra ID's keys exactly as Fabric does: permissions per user and item, the short cache, 429 Retry-After,
 * bounded retries on 5xx.
 */
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { startLocalFabricApi, type LocalFabricApi } from '../../../devtools/local-fabric-api/server';
import { listenLocal } from '../../../devtools/local-server';
import { FabricApiClient } from '../../../src/fabric-api/client';
import { FabricError } from '../../../src/fabric/errors';
import type { TokenClient } from '../../../src/tokens/types';
import { ALICE, BACKEND_APP_ID, BOB, LogCapture, PUBLISHER_TENANT, RecordingClock, TEST_RETRY, tls, tokenClientFor, USER_TENANT, WORKLOAD } from '../tokens/support';

const WS = '0c0c0c0c-0000-4000-8000-00000000000a';
const ITEM = '1d1d1d1d-0000-4000-8000-00000000000b';
const OTHER_ITEM = '2e2e2e2e-0000-4000-8000-00000000000c';

let idp: LocalEntra;
let fabric: LocalFabricApi;
let tokens: TokenClient;
const logs = new LogCapture();

function client(clock = new RecordingClock(), ttlMs?: number): FabricApiClient {
  return new FabricApiClient({ baseUrl: fabric.baseUrl, tokens: async () => tokens, retryPolicy: TEST_RETRY, clock, permissionsTtlMs: ttlMs });
}

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
  fabric = await startLocalFabricApi({ tls: tls(), jwksUri: `${idp.origin}/common/discovery/v2.0/keys`, workloadAppId: BACKEND_APP_ID, publisherTenantId: PUBLISHER_TENANT });
  tokens = await tokenClientFor(idp, { log: logs.logger });
  fabric.setPermissions(ITEM, ALICE.oid, ['Read', 'Write']);
  fabric.setPermissions(ITEM, BOB.oid, ['Read']);
});

afterAll(async () => {
  await fabric.stop();
  await idp.stop();
});

beforeEach(() => {
  fabric.requests.length = 0;
});

it('resolves the caller’s permissions with a composite header Fabric accepts', async () => {
  const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  const permissions = await client().resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: subject });
  expect(permissions).toEqual(['Read', 'Write']);
  expect(fabric.requests).toEqual([{ method: 'GET', path: `/v1/workload-control/workspaces/${WS}/items/${ITEM}/resolvepermissions`, status: 200, userTenantId: USER_TENANT, userObjectId: ALICE.oid }]);
});

it('caches per (tenant, user, workspace, item): repeated calls reach neither Fabric nor Entra', async () => {
  const c = client();
  const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  const bob = await frontendToken(idp, WORKLOAD, BOB, ['Item.Read.All']);
  await c.resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice });
  const tokenRequests = idp.tokenRequests.length;
  for (let i = 0; i < 100; i++) await c.resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice });
  expect(fabric.requests).toHaveLength(1);
  expect(idp.tokenRequests.length).toBe(tokenRequests);
  expect(await c.resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: BOB.oid, subjectToken: bob })).toEqual(['Read']);
  expect(fabric.requests).toHaveLength(2);
});

it('the cache expires after its time-to-live', async () => {
  const clock = new RecordingClock();
  const c = client(clock, 60_000);
  const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  await c.resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice });
  clock.sleeps.push(59_000);
  await c.resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice });
  expect(fabric.requests).toHaveLength(1);
  clock.sleeps.push(1_000);
  await c.resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice });
  expect(fabric.requests).toHaveLength(2);
});

it('honours 429 Retry-After when it is short, then succeeds', async () => {
  fabric.failNext({ status: 429, retryAfterSeconds: 1 });
  const clock = new RecordingClock();
  const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  expect(await client(clock).resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice })).toEqual(['Read', 'Write']);
  expect(clock.sleeps).toEqual([1000]);
  expect(fabric.requests.map((r) => r.status)).toEqual([429, 200]);
});

it('passes a long Retry-After on as 429 TooManyRequests, without waiting', async () => {
  fabric.failNext({ status: 429, retryAfterSeconds: 30 });
  const clock = new RecordingClock();
  const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  const err = await rejection(client(clock).resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice }));
  expect(err.status).toBe(429);
  expect(err.toBody()).toMatchObject({ errorCode: 'TooManyRequests', isPermanent: false });
  expect(err.headers['Retry-After']).toBe('30');
  expect(clock.sleeps).toEqual([]);
});

it('5xx: bounded retries with backoff, then 503 FabricApiUnavailable', async () => {
  fabric.failNext(...Array.from({ length: 10 }, () => ({ status: 502 })));
  const clock = new RecordingClock();
  const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  const err = await rejection(client(clock).resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice }));
  expect(err.status).toBe(503);
  expect(err.errorCode).toBe('FabricApiUnavailable');
  expect(fabric.requests).toHaveLength(TEST_RETRY.maxAttempts);
  expect(clock.sleeps).toEqual([50, 100, 200]);
  fabric.clearFailures();
});

it('an item Fabric does not know → 404 ItemNotFound; a bad id → 400 before any call', async () => {
  const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
  const err = await rejection(client().resolvePermissions(WS, OTHER_ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice }));
  expect(err.status).toBe(404);
  expect(err.errorCode).toBe('ItemNotFound');
  const bad = await rejection(client().resolvePermissions('../../v1/admin', ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice }));
  expect(bad.status).toBe(400);
});

it('tokens not issued to the workload app are refused by Fabric (401) → 500 FabricApiFailed, a setup problem', async () => {
  const strict = await startLocalFabricApi({ tls: tls(), jwksUri: `${idp.origin}/common/discovery/v2.0/keys`, workloadAppId: '99999999-9999-4999-8999-999999999999', publisherTenantId: PUBLISHER_TENANT });
  try {
    strict.setPermissions(ITEM, ALICE.oid, ['Read']);
    const c = new FabricApiClient({ baseUrl: strict.baseUrl, tokens: async () => tokens, retryPolicy: TEST_RETRY, clock: new RecordingClock() });
    const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await rejection(c.resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice }));
    expect(err.status).toBe(500);
    expect(err.errorCode).toBe('FabricApiFailed');
    expect(strict.requests).toEqual([expect.objectContaining({ status: 401, rejected: 'subject token was not issued to the workload app' })]);
  } finally {
    await strict.stop();
  }
});

it.each([301, 302, 307, 308])('a %d to another origin is never followed: 500 FabricApiFailed, one call, nothing reaches that origin', async (status) => {
  const received: string[] = [];
  const elsewhere = await listenLocal(
    async (req, res) => {
      received.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ permissions: ['Read', 'Write', 'Execute', 'Reshare'] }));
    },
    { tls: tls() },
  );
  try {
    const location = `${elsewhere.origin}/v1/workload-control/workspaces/${WS}/items/${ITEM}/resolvepermissions`;
    fabric.failNext({ status, body: { moved: location }, headers: { location } });
    const alice = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const err = await rejection(client().resolvePermissions(WS, ITEM, { tenantId: USER_TENANT, userObjectId: ALICE.oid, subjectToken: alice }));
    expect(err.status).toBe(500);
    expect(err.errorCode).toBe('FabricApiFailed');
    expect(JSON.stringify(err.toBody())).not.toContain(elsewhere.origin);
    expect(fabric.requests.map((r) => r.status)).toEqual([status]);
    expect(received).toEqual([]);
  } finally {
    fabric.clearFailures();
    await elsewhere.stop();
  }
});
