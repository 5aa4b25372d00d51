/**
 * Item lifecycle through the running local host, both contract generations, with tokens from the local Entra ID and
 * items stored in the run's Azurite. Every answer is checked against the swagger (WDK) or Fabric's error body.
 */
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { createStorageClients } from '../../../src/storage/clients';
import { MAX_LIFECYCLE_REQUEST_BYTES } from '../../../src/items/limits';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';
import type { LocalUser } from '../../../devtools/local-entra/fabric-tokens';
import { loadSwaggerValidator } from './swagger';

const TYPE = 'Org.FabricRemoteEndpoint.Calculator';
const swagger = loadSwaggerValidator();
const storage = createStorageClients({ connectionString: process.env.AZURITE_CONNECTION_STRING! });

let env: TestEnvironment;
let items: TableClient;
let jobs: TableClient;

beforeAll(async () => {
  env = await startTestEnvironment();
  items = await storage.getTableClient('FabricItems');
  jobs = await storage.getTableClient('FabricJobs');
}, 60_000);
afterAll(async () => {
  // No request of this file may have become a 500 (a bug): every failure above is an intended 4xx.
  const logs = env?.logs() ?? '';
  await env?.stop();
  expect(logs).not.toMatch(/InternalError/);
});

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
  readonly headers: Headers;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const calc = (operand1: number, operand2: number, operator: string) => ({ operand1, operand2, operator });
const definition = (content: unknown) => ({ parts: [{ path: 'definition.json', payloadType: 'InlineBase64', payload: b64(JSON.stringify(content)) }] });
const itemUrl = (ws: string, id: string, suffix = '', type = TYPE) => `${env.baseUrl}/workspaces/${ws}/items/${type}/${id}${suffix}`;

async function call(method: string, url: string, opts: { user?: LocalUser | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers = { ...(await env.headers(opts.user === undefined ? env.user : opts.user)), ...opts.headers };
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, body: parsed, headers: res.headers };
}

/** WDK answers: the status's (or default) swagger response; with a schema the body must match it, without one it must be empty. */
function expectWdkAnswer(swaggerPath: string, method: string, a: Answer, status: number): void {
  expect({ status: a.status, body: a.body }).toMatchObject({ status });
  const responses = swagger.swagger.paths[swaggerPath][method].responses;
  const response = responses[String(a.status)] ?? responses.default;
  const schemaRef = response.$ref ? 'ErrorResponse' : response.schema?.$ref?.replace('#/definitions/', '');
  if (schemaRef) swagger.expectValid(schemaRef, a.body);
  else expect(a.text).toBe('');
}

/** An error in Fabric's body, swagger ErrorResponse, with no stack trace or token material. */
function expectError(a: Answer, status: number, errorCode: string): void {
  expect({ status: a.status, body: a.body }).toMatchObject({ status, body: { errorCode } });
  swagger.expectValid('ErrorResponse', a.body);
  expect(a.text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}|\bat \S+ \(|node_modules/);
}

/** Toolkit success: 200 `{}`. */
function expectToolkitOk(a: Answer): void {
  expect({ status: a.status, body: a.body }).toEqual({ status: 200, body: {} });
}

/** The stored entity, every property (binary as base64, etag and timestamp included), for byte-for-byte comparison. */
async function storedEntity(tenantId: string, ws: string, id: string): Promise<string | undefined> {
  try {
    const e = await items.getEntity(tenantId, `${ws}_${id}`);
    return JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint8Array ? `bin:${Buffer.from(v).toString('base64')}` : v));
  } catch {
    return undefined;
  }
}
async function storedProps(tenantId: string, ws: string, id: string): Promise<Record<string, unknown> | undefined> {
  const text = await storedEntity(tenantId, ws, id);
  if (!text) return undefined;
  const { etag: _e, timestamp: _t, 'odata.metadata': _m, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
}

const WDK_ITEM = '/workspaces/{workspaceId}/items/{itemType}/{itemId}';
const WDK_PAYLOAD = `${WDK_ITEM}/payload`;

describe('Extensibility Toolkit lifecycle', () => {
  it('OnCreateItem stores the item with its creator; a retry is a no-op; a different item under the same id is 409', async () => {
    const ws = randomUUID();
    const id = randomUUID();
    const body = { definition: definition(calc(1, 2, 'add')) };
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnCreateItem'), { body }));
    const props = await storedProps(env.user.tenantId, ws, id);
    expect(props).toMatchObject({ partitionKey: env.user.tenantId, rowKey: `${ws}_${id}`, itemType: TYPE, createdByOid: env.user.oid, createdByName: env.user.name });
    const first = await storedEntity(env.user.tenantId, ws, id);
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnCreateItem'), { body }));
    expect(await storedEntity(env.user.tenantId, ws, id)).toBe(first);
    expectError(await call('POST', itemUrl(ws, id, '/OnCreateItem'), { body: { definition: definition(calc(9, 9, 'add')) } }), 409, 'ItemAlreadyExists');
    expect(await storedEntity(env.user.tenantId, ws, id)).toBe(first);
    // The WDK editor view of a toolkit item reads the same content.
    const payload = await call('GET', itemUrl(ws, id, '/payload'));
    expectWdkAnswer(WDK_PAYLOAD, 'get', payload, 200);
    expect(payload.body).toEqual({ itemPayload: calc(1, 2, 'add') });
  });

  it('matches routes case-insensitively (onCreateItem, ONUPDATEITEM)', async () => {
    const ws = randomUUID();
    const id = randomUUID();
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/onCreateItem'), { body: {} }));
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/ONUPDATEITEM'), { body: { definition: definition(calc(3, 4, 'multiply')) } }));
    expect((await call('GET', itemUrl(ws, id, '/PAYLOAD'))).body).toEqual({ itemPayload: calc(3, 4, 'multiply') });
  });

  it('OnUpdateItem replaces the definition; without a definition nothing changes; an unknown item is 404', async () => {
    const ws = randomUUID();
    const id = randomUUID();
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnCreateItem'), { body: { definition: definition(calc(1, 2, 'add')) } }));
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnUpdateItem'), { body: { definition: definition(calc(5, 6, 'subtract')) } }));
    expect((await call('GET', itemUrl(ws, id, '/payload'))).body).toEqual({ itemPayload: calc(5, 6, 'subtract') });
    const before = await storedEntity(env.user.tenantId, ws, id);
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnUpdateItem'), { body: {} }));
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnUpdateItem'), { raw: '' }));
    expect(await storedEntity(env.user.tenantId, ws, id)).toBe(before);
    expectError(await call('POST', itemUrl(ws, randomUUID(), '/OnUpdateItem'), { body: {} }), 404, 'ItemMetadataNotFound');
  });

  it('OnDeleteItem Soft keeps the item restorable; OnRestoreItem brings it back exactly (app-only calls)', async () => {
    const ws = randomUUID();
    const id = randomUUID();
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnCreateItem'), { body: { definition: definition(calc(7, 8, 'divide')) } }));
    const before = await storedProps(env.user.tenantId, ws, id);
    const appOnly = { user: null, headers: { 'x-ms-client-tenant-id': env.user.tenantId } };
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnDeleteItem'), { ...appOnly, body: { deleteType: 'Soft' } }));
    const deleted = await storedProps(env.user.tenantId, ws, id);
    expect(deleted).toEqual({ ...before, deletedAt: expect.any(String) });
    expectError(await call('GET', itemUrl(ws, id, '/payload')), 404, 'ItemMetadataNotFound');
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnDeleteItem'), { ...appOnly, body: { deleteType: 'Soft' } }));
    expect(await storedProps(env.user.tenantId, ws, id)).toEqual(deleted);
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnRestoreItem'), { ...appOnly, body: {} }));
    expect(await storedProps(env.user.tenantId, ws, id)).toEqual(before);
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnRestoreItem'), { body: { definition: definition(calc(7, 8, 'divide')) } }));
    expect((await call('GET', itemUrl(ws, id, '/payload'))).body).toEqual({ itemPayload: calc(7, 8, 'divide') });
  });

  it('OnDeleteItem Hard removes the item and its job records; restore then answers 404; deleting again succeeds', async () => {
    const ws = randomUUID();
    const id = randomUUID();
    const tenant = env.user.tenantId;
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnCreateItem'), { body: {} }));
    await jobs.createEntity({ partitionKey: tenant, rowKey: `${ws}_${id}_${randomUUID()}` });
    await jobs.createEntity({ partitionKey: tenant, rowKey: `${ws}_${id}_${randomUUID()}` });
    const otherItemJob = `${ws}_${randomUUID()}_${randomUUID()}`;
    await jobs.createEntity({ partitionKey: tenant, rowKey: otherItemJob });
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnDeleteItem'), { body: { deleteType: 'Hard' } }));
    expect(await storedEntity(tenant, ws, id)).toBeUndefined();
    const left: string[] = [];
    for await (const e of jobs.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenant}' and RowKey ge '${ws}'` } })) left.push(e.rowKey!);
    expect(left).toEqual([otherItemJob]);
    expectError(await call('POST', itemUrl(ws, id, '/OnRestoreItem'), { body: {} }), 404, 'ItemNotRestorable');
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnDeleteItem'), { body: { deleteType: 'Hard' } }));
    expectToolkitOk(await call('POST', itemUrl(ws, randomUUID(), '/OnDeleteItem'), { user: null, headers: { 'x-ms-client-tenant-id': tenant }, body: { deleteType: 'Soft' } }));
  });

  it.each(['/OnCreateItem', '/OnUpdateItem'])('%s requires a subject token; the answer is Fabric\'s error body', async (op) => {
    const a = await call('POST', itemUrl(randomUUID(), randomUUID(), op), { user: null, headers: { 'x-ms-client-tenant-id': env.user.tenantId }, body: {} });
    expect(a.status).toBe(401);
    swagger.expectValid('ErrorResponse', a.body);
  });
});

describe('Workload Development Kit v1 lifecycle', () => {
  it('POST creates (200, no body), retries are no-ops, a different item is 409; GET payload; PATCH keeps absent fields; DELETE is idempotent', async () => {
    const ws = randomUUID();
    const id = randomUUID();
    const tenant = env.user.tenantId;
    const create = { displayName: 'My calculator', description: 'adds', creationPayload: calc(1, 2, 'add') };
    expectWdkAnswer(WDK_ITEM, 'post', await call('POST', itemUrl(ws, id), { body: create }), 200);
    const created = await storedEntity(tenant, ws, id);
    expectWdkAnswer(WDK_ITEM, 'post', await call('POST', itemUrl(ws, id), { body: { ...create, creationPayload: { operator: 'add', operand2: 2, operand1: 1 } } }), 200);
    expect(await storedEntity(tenant, ws, id)).toBe(created);
    const conflict = await call('POST', itemUrl(ws, id), { body: { ...create, displayName: 'Other' } });
    expectWdkAnswer(WDK_ITEM, 'post', conflict, 409);
    expectError(conflict, 409, 'ItemAlreadyExists');

    const payload = await call('GET', itemUrl(ws, id, '/payload'));
    expectWdkAnswer(WDK_PAYLOAD, 'get', payload, 200);
    expect(payload.body).toEqual({ itemPayload: calc(1, 2, 'add') });

    expectWdkAnswer(WDK_ITEM, 'patch', await call('PATCH', itemUrl(ws, id), { body: { displayName: 'Renamed', description: null } }), 200);
    expectWdkAnswer(WDK_ITEM, 'patch', await call('PATCH', itemUrl(ws, id), { body: { updatePayload: { operand1: 40 } } }), 200);
    expect(await storedProps(tenant, ws, id)).toMatchObject({ displayName: 'Renamed', description: 'adds' });
    expect((await call('GET', itemUrl(ws, id, '/payload'))).body).toEqual({ itemPayload: calc(40, 2, 'add') });

    expectWdkAnswer(WDK_ITEM, 'delete', await call('DELETE', itemUrl(ws, id), { user: null, headers: { 'x-ms-client-tenant-id': tenant } }), 200);
    expect(await storedEntity(tenant, ws, id)).toBeUndefined();
    const gone = await call('GET', itemUrl(ws, id, '/payload'));
    expectWdkAnswer(WDK_PAYLOAD, 'get', gone, 404);
    expectError(gone, 404, 'ItemMetadataNotFound');
    expectWdkAnswer(WDK_ITEM, 'delete', await call('DELETE', itemUrl(ws, id)), 200);
    const missing = await call('PATCH', itemUrl(ws, id), { body: { displayName: 'x' } });
    expectWdkAnswer(WDK_ITEM, 'patch', missing, 404);
  });

  it('concurrent PATCHes changing different fields all survive', async () => {
    const ws = randomUUID();
    const id = randomUUID();
    expectWdkAnswer(WDK_ITEM, 'post', await call('POST', itemUrl(ws, id), { body: { displayName: 'c', description: 'd', creationPayload: calc(1, 2, 'add') } }), 200);
    const patches = [{ displayName: 'new name' }, { description: 'new description' }, { updatePayload: { operand1: 11 } }, { updatePayload: { operand2: 22 } }, { updatePayload: { operator: 'multiply' } }];
    const answers = await Promise.all(patches.map((body) => call('PATCH', itemUrl(ws, id), { body })));
    for (const a of answers) expectWdkAnswer(WDK_ITEM, 'patch', a, 200);
    expect(await storedProps(env.user.tenantId, ws, id)).toMatchObject({ displayName: 'new name', description: 'new description' });
    expect((await call('GET', itemUrl(ws, id, '/payload'))).body).toEqual({ itemPayload: calc(11, 22, 'multiply') });
  });
});

describe('tenant isolation', () => {
  it("tenant B's valid tokens cannot see or change tenant A's item", async () => {
    const ws = randomUUID();
    const id = randomUUID();
    const a = env.user;
    const b = env.newUser(randomUUID());
    expectWdkAnswer(WDK_ITEM, 'post', await call('POST', itemUrl(ws, id), { user: a, body: { displayName: 'A', creationPayload: calc(1, 1, 'add') } }), 200);
    const before = await storedEntity(a.tenantId, ws, id);

    expectError(await call('GET', itemUrl(ws, id, '/payload'), { user: b }), 404, 'ItemMetadataNotFound');
    expectError(await call('PATCH', itemUrl(ws, id), { user: b, body: { displayName: 'B' } }), 404, 'ItemMetadataNotFound');
    expectError(await call('POST', itemUrl(ws, id, '/OnUpdateItem'), { user: b, body: { definition: definition(calc(6, 6, 'add')) } }), 404, 'ItemMetadataNotFound');
    expectWdkAnswer(WDK_ITEM, 'delete', await call('DELETE', itemUrl(ws, id), { user: b }), 200);
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnDeleteItem'), { user: b, body: { deleteType: 'Soft' } }));
    expectError(await call('POST', itemUrl(ws, id, '/OnRestoreItem'), { user: b, body: {} }), 404, 'ItemNotRestorable');
    // B naming A's tenant in the header is refused by authentication (subject token tid ≠ header).
    expect((await call('GET', itemUrl(ws, id, '/payload'), { user: b, headers: { 'x-ms-client-tenant-id': a.tenantId } })).status).toBe(401);
    // B creating "the same" item creates B's own; A's stays as it was.
    expectWdkAnswer(WDK_ITEM, 'post', await call('POST', itemUrl(ws, id), { user: b, body: { displayName: 'B' } }), 200);
    expect(await storedEntity(a.tenantId, ws, id)).toBe(before);
    expect((await call('GET', itemUrl(ws, id, '/payload'), { user: a })).body).toEqual({ itemPayload: calc(1, 1, 'add') });
    expect((await call('GET', itemUrl(ws, id, '/payload'), { user: b })).body).toEqual({ itemPayload: {} });
  });
});

describe('malformed input gets a 400 and leaves stored data unchanged', () => {
  const ws = randomUUID();
  const id = randomUUID();
  beforeAll(async () => {
    expectWdkAnswer(WDK_ITEM, 'post', await call('POST', itemUrl(ws, id), { body: { displayName: 'kept', creationPayload: calc(1, 2, 'add') } }), 200);
    expectToolkitOk(await call('POST', itemUrl(ws, id, '/OnUpdateItem'), { body: { definition: definition(calc(1, 2, 'add')) } }));
  });

  const part = (payload: string, path = 'definition.json', payloadType = 'InlineBase64') => ({ definition: { parts: [{ path, payloadType, payload }] } });
  const oversized = 'x'.repeat(MAX_LIFECYCLE_REQUEST_BYTES + 1);
  const cases: ReadonlyArray<readonly [string, string, string, { body?: unknown; raw?: string }, string]> = [
    ['wrong JSON (toolkit)', 'POST', '/OnUpdateItem', { raw: '{"definition": ' }, 'InvalidRequestBody'],
    ['wrong JSON (WDK)', 'PATCH', '', { raw: '{displayName: x}' }, 'InvalidRequestBody'],
    ['a JSON array body', 'PATCH', '', { raw: '[]' }, 'InvalidRequestBody'],
    ['wrong type: parts', 'POST', '/OnUpdateItem', { body: { definition: { parts: 'x' } } }, 'InvalidItemPayload'],
    ['wrong type: displayName', 'PATCH', '', { body: { displayName: 5 } }, 'InvalidItemPayload'],
    ['wrong type: updatePayload', 'PATCH', '', { body: { updatePayload: [1] } }, 'InvalidItemPayload'],
    ['wrong type: operand', 'PATCH', '', { body: { updatePayload: { operand1: '7' } } }, 'InvalidItemPayload'],
    ['unknown operator', 'POST', '/OnUpdateItem', { body: { definition: definition(calc(1, 2, 'pow')) } }, 'InvalidItemPayload'],
    ['extra key in definition.json', 'POST', '/OnUpdateItem', { body: { definition: definition({ ...calc(1, 2, 'add'), x: 1 }) } }, 'InvalidItemPayload'],
    ['oversized body (toolkit)', 'POST', '/OnUpdateItem', { raw: JSON.stringify({ definition: { parts: [], pad: oversized } }) }, 'RequestBodyTooLarge'],
    ['oversized body (WDK)', 'PATCH', '', { raw: JSON.stringify({ description: oversized }) }, 'RequestBodyTooLarge'],
    ['oversized part', 'POST', '/OnUpdateItem', { body: part(b64(Buffer.alloc(600 * 1024))) }, 'InvalidItemPayload'],
    ['oversized description', 'PATCH', '', { body: { description: 'd'.repeat(5000) } }, 'InvalidItemPayload'],
    ['bad base64', 'POST', '/OnUpdateItem', { body: part('not base64!') }, 'InvalidItemPayload'],
    ['non-canonical base64', 'POST', '/OnUpdateItem', { body: part('QR==') }, 'InvalidItemPayload'],
    ['base64 with whitespace', 'POST', '/OnUpdateItem', { body: part(`${b64('{"operand1":1,')}\n${b64('"operand2":2}')}`) }, 'InvalidItemPayload'],
    ['path with ..', 'POST', '/OnUpdateItem', { body: part(b64('{}'), '../definition.json') }, 'InvalidItemPayload'],
    ['absolute path', 'POST', '/OnUpdateItem', { body: part(b64('{}'), '/definition.json') }, 'InvalidItemPayload'],
    ['backslash path', 'POST', '/OnUpdateItem', { body: part(b64('{}'), 'a\\definition.json') }, 'InvalidItemPayload'],
    ['unknown payloadType', 'POST', '/OnUpdateItem', { body: part(b64('{}'), 'definition.json', 'Base64') }, 'InvalidItemPayload'],
    [
      'duplicate paths',
      'POST',
      '/OnUpdateItem',
      { body: { definition: { parts: [part(b64('{}')).definition.parts[0], part(b64('{}'), 'DEFINITION.json').definition.parts[0]] } } },
      'InvalidItemPayload',
    ],
    ['bad deleteType', 'POST', '/OnDeleteItem', { body: { deleteType: 'hard' } }, 'InvalidItemPayload'],
    ['create over an existing item with a wrong type', 'POST', '', { body: { displayName: 'x', creationPayload: 'x' } }, 'InvalidItemPayload'],
  ];

  it.each(cases)('%s', async (_name, method, suffix, input, errorCode) => {
    const before = await storedEntity(env.user.tenantId, ws, id);
    expect(before).toBeDefined();
    const a = await call(method, itemUrl(ws, id, suffix), input);
    expectError(a, 400, errorCode);
    if (suffix === '') expectWdkAnswer(WDK_ITEM, method.toLowerCase(), a, 400);
    expect(await storedEntity(env.user.tenantId, ws, id)).toBe(before);
  });
});

describe('route parameters', () => {
  it('an unknown item type is a 400 naming the served types', async () => {
    const a = await call('POST', itemUrl(randomUUID(), randomUUID(), '/OnCreateItem', 'Org.FabricRemoteEndpoint.Unknown'), { body: {} });
    expectError(a, 400, 'UnknownItemType');
    expect((a.body as { message: string }).message).toContain(TYPE);
    expectError(await call('GET', itemUrl(randomUUID(), randomUUID(), '/payload', 'Org.Other.Calculator')), 400, 'UnknownItemType');
  });

  it('workspaceId and itemId must be GUIDs', async () => {
    expectError(await call('POST', itemUrl('not-a-guid', randomUUID(), '/OnCreateItem'), { body: {} }), 400, 'InvalidParameter');
    expectError(await call('PATCH', itemUrl(randomUUID(), '1234'), { body: {} }), 400, 'InvalidParameter');
  });
});

describe('endpoint resolution', () => {
  const request = { context: [{ name: 'EndpointName', value: 'Workload' }, { name: 'TenantRegion', value: 'westeurope' }, { name: 'TenantId', value: randomUUID() }] };

  it.each(['/resolve-endpoint', '/resolve-api-path-placeholder'])('%s answers PUBLIC_BASE_URL for 60 minutes (app token only)', async (path) => {
    const headers = await env.headers(null);
    delete headers['x-ms-client-tenant-id'];
    const res = await fetch(`${env.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(request) });
    const body = await res.json();
    expect(res.status).toBe(200);
    swagger.expectValid('EndpointResolutionResponse', body);
    expect(body).toEqual({ url: env.env.PUBLIC_BASE_URL, ttlInMinutes: 60 });
  });

  it('rejects a malformed request body with a 400 in Fabric\'s body', async () => {
    const headers = await env.headers(null);
    delete headers['x-ms-client-tenant-id'];
    const res = await fetch(`${env.baseUrl}/resolve-api-path-placeholder`, { method: 'POST', headers, body: JSON.stringify({ context: 'x' }) });
    expect(res.status).toBe(400);
    swagger.expectValid('ErrorResponse', await res.json());
  });
});
