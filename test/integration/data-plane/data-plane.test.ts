/**
 * The data-plane operations end to end, as the Functions host runs them: the inbound Bearer pre-handler (real JWT
 * validation against the local Entra ID), OBO + app token for Fabric, ResolvePermissions on the local Fabric API,
 * and the item store on Azurite. Answers are checked in Fabric's error body.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { aadError, consentRequired, startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { startLocalFabricApi, type LocalFabricApi } from '../../../devtools/local-fabric-api/server';
import { createInboundAuth, dataPlaneWith, type InboundAuth } from '../../../src/auth/inbound';
import { DATA_PLANE_SCOPES, getItemPermissions, getItemState, type DataPlaneDeps } from '../../../src/data-plane';
import { FabricApiClient } from '../../../src/fabric-api/client';
import { ItemService } from '../../../src/items/service';
import { TableItemStore } from '../../../src/items/store';
import type { StoredItem } from '../../../src/catalog/item';
import { ITEM_TYPES } from '../../../src/workload/item-types';
import { createItemTypeRegistry } from '../../../src/catalog';
import type { TokenClient } from '../../../src/tokens/types';
import { ALICE, BACKEND_APP_ID, BACKEND_AUDIENCE, BOB, LogCapture, PUBLISHER_TENANT, RecordingClock, TEST_RETRY, tls, tokenClientFor, USER_TENANT, WORKLOAD } from '../tokens/support';

const WS = '0c0c0c0c-0000-4000-8000-00000000000a';
const ITEM = '1d1d1d1d-0000-4000-8000-00000000000b';
const EMPTY_ITEM = '3f3f3f3f-0000-4000-8000-00000000000d';

let idp: LocalEntra;
let fabric: LocalFabricApi;
let tokens: TokenClient;
let inbound: InboundAuth;
let deps: DataPlaneDeps;
let table: TableClient;
const logs = new LogCapture();

type Handler = ReturnType<typeof dataPlaneWith>;
let permissionsHandler: Handler;
let stateHandler: Handler;

interface Answer {
  readonly status?: number;
  readonly headers?: HttpResponseInit['headers'];
  readonly body: Record<string, unknown>;
}

async function call(handler: Handler, op: 'permissions' | 'state', token: string | undefined, ids: { ws?: string; item?: string } = {}): Promise<Answer> {
  const workspaceId = ids.ws ?? WS;
  const itemId = ids.item ?? ITEM;
  const req = new HttpRequest({
    method: 'GET',
    url: `https://localhost/api/workspaces/${workspaceId}/items/${itemId}/${op}`,
    headers: token ? { authorization: `Bearer ${token}`, activityid: randomUUID() } : {},
    params: { workspaceId, itemId },
  });
  const ctx = new InvocationContext({ invocationId: randomUUID(), functionName: op, logHandler: (level, ...args) => logs.lines.push(`${level} ${args.join(' ')}`) });
  const res = await handler(req, ctx);
  return { status: res.status, headers: res.headers, body: (res.jsonBody ?? {}) as Record<string, unknown> };
}

beforeAll(async () => {
  idp = await startLocalEntra({ tls: tls(), clients: { [BACKEND_APP_ID]: 'backend-secret' } });
  fabric = await startLocalFabricApi({ tls: tls(), jwksUri: `${idp.origin}/common/discovery/v2.0/keys`, workloadAppId: BACKEND_APP_ID, publisherTenantId: PUBLISHER_TENANT });
  tokens = await tokenClientFor(idp, { log: logs.logger });
  inbound = createInboundAuth({ tenantId: PUBLISHER_TENANT, backendAppId: BACKEND_APP_ID, backendAudience: BACKEND_AUDIENCE, authorityHost: idp.origin, fabricAppIds: ['00000009-0000-0000-c000-000000000000'] }, { keySource: { log: logs.logger } });
  table = TableClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!, `dataplane${Date.now()}`);
  await table.createTable();
  const store = new TableItemStore(async () => table);
  const registry = createItemTypeRegistry('Org.FabricRemoteEndpoint', ITEM_TYPES);
  const items = new ItemService({ store, registry, purgeRelated: async () => undefined, retentionDays: 30 });
  const fabricClient = new FabricApiClient({ baseUrl: fabric.baseUrl, tokens: async () => tokens, retryPolicy: TEST_RETRY, clock: new RecordingClock() });
  deps = { fabric: () => fabricClient, items: () => items, registry: () => registry };
  permissionsHandler = dataPlaneWith(inbound, { scopes: DATA_PLANE_SCOPES.read }, getItemPermissions(deps));
  stateHandler = dataPlaneWith(inbound, { scopes: DATA_PLANE_SCOPES.read }, getItemState(deps));

  const now = new Date('2025-05-01T10:00:00Z');
  const item: StoredItem = {
    key: { tenantId: USER_TENANT, workspaceId: WS, itemId: ITEM },
    itemType: `Org.FabricRemoteEndpoint.${ITEM_TYPES[0].name}`,
    displayName: 'Sales forecast',
    payload: { operand1: 3, operand2: 4 },
    createdAt: now,
    updatedAt: now,
  };
  expect(await store.insert(item)).toBe('inserted');
  fabric.setPermissions(ITEM, ALICE.oid, ['Read', 'Write']);
  fabric.setPermissions(ITEM, BOB.oid, ['Write']);
  fabric.setPermissions(EMPTY_ITEM, ALICE.oid, ['Read']);
});

afterAll(async () => {
  inbound.close();
  await table.deleteTable();
  await fabric.stop();
  await idp.stop();
  expect(logs.lines.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
});

afterEach(() => idp.setTokenOverride(undefined));

describe('GET workspaces/{workspaceId}/items/{itemId}/permissions', () => {
  it('answers the caller’s permissions from Fabric', async () => {
    const t = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const res = await call(permissionsHandler, 'permissions', t);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ permissions: ['Read', 'Write'], workspaceId: WS, itemId: ITEM });
  });

  it('accepts Item.ReadWrite.All as well (v2 token)', async () => {
    const t = await frontendToken(idp, WORKLOAD, BOB, ['Item.ReadWrite.All'], { version: 'v2' });
    const res = await call(permissionsHandler, 'permissions', t);
    expect(res.status).toBe(200);
    expect(res.body.permissions).toEqual(['Write']);
  });

  it('a token without an accepted scope → 403 before any downstream call', async () => {
    const t = await frontendToken(idp, WORKLOAD, ALICE, ['Other.Scope']);
    const before = fabric.requests.length;
    const res = await call(permissionsHandler, 'permissions', t);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('InsufficientScope');
    expect(fabric.requests.length).toBe(before);
  });

  it('no token → 401', async () => {
    expect((await call(permissionsHandler, 'permissions', undefined)).status).toBe(401);
  });

  it('ids that are not GUIDs → 400', async () => {
    const t = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const res = await call(permissionsHandler, 'permissions', t, { item: 'not-a-guid' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'InvalidItemId', source: 'User' });
  });

  it('no consent for Fabric in the user tenant → 403 ConsentRequired the frontend can act on', async () => {
    idp.setTokenOverride((r) => (r.requested_token_use === 'on_behalf_of' ? consentRequired(r.client_id) : undefined));
    const t = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All'], { claims: { uti: randomUUID() } });
    // An item whose permissions are not cached yet, so an OBO exchange is needed.
    const res = await call(permissionsHandler, 'permissions', t, { item: EMPTY_ITEM });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errorCode: 'ConsentRequired', isPermanent: false });
    const params = (res.body.moreDetails as { additionalParameters: { name: string; value: string }[] }[])[0].additionalParameters;
    expect(params.find((p) => p.name === 'additionalScopesToConsent')?.value).toBe('https://analysis.windows.net/powerbi/api/.default');
    expect(params.find((p) => p.name === 'consentUrl')?.value).toContain(`/${USER_TENANT}/v2.0/adminconsent?client_id=${BACKEND_APP_ID}`);
  });

  it('Entra down → 503 with Retry-After, never a 500', async () => {
    idp.setTokenOverride(() => aadError(503, 'temporarily_unavailable', 90033, 'A transient error has occurred.'));
    const t = await frontendToken(idp, WORKLOAD, BOB, ['Item.Read.All'], { claims: { uti: randomUUID() } });
    // Bob's permissions are cached from an earlier test: use another item so a token is needed.
    const res = await call(permissionsHandler, 'permissions', t, { item: EMPTY_ITEM });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ errorCode: 'EntraUnavailable', isPermanent: false });
    expect((res.headers as Record<string, string>)['Retry-After']).toBe('5');
  });
});

describe('GET workspaces/{workspaceId}/items/{itemId}/state', () => {
  it('returns the stored item to a user with Read', async () => {
    const t = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    const res = await call(stateHandler, 'state', t);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ workspaceId: WS, itemId: ITEM, displayName: 'Sales forecast', payload: { operand1: 3, operand2: 4 }, createdAt: '2025-05-01T10:00:00.000Z' });
  });

  it('403 AccessDenied without Read (Write alone is not enough)', async () => {
    const t = await frontendToken(idp, WORKLOAD, BOB, ['Item.ReadWrite.All']);
    const res = await call(stateHandler, 'state', t);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ errorCode: 'AccessDenied', source: 'User', isPermanent: true, messageParameters: ['Read'] });
  });

  it('404 when Fabric grants Read but nothing is stored for the item', async () => {
    const t = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All'], { claims: { uti: randomUUID() } });
    const res = await call(stateHandler, 'state', t, { item: EMPTY_ITEM });
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('ItemNotFound');
  });

  it('a user of another tenant never reaches this tenant’s item', async () => {
    const mallory = { tenantId: '66666666-6666-4666-8666-666666666666', oid: ALICE.oid, upn: 'mallory@fabrikam.com' };
    const t = await frontendToken(idp, WORKLOAD, mallory, ['Item.Read.All']);
    const res = await call(stateHandler, 'state', t);
    // Fabric answers for (tenant, user, item) — the local one keys permissions by oid only, so it grants Read —
    // and the store is partitioned by the token's tenant: nothing there.
    expect(res.status).toBe(404);
  });
});
