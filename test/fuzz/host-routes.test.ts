/**
 * Fuzzing route parameters and the Authorization header through the real host: non-GUIDs, path traversal (raw,
 * encoded and double-encoded), unicode, huge values, on every route of both generations and the data plane. For every
 * request: never a 500 (or any 5xx), no stack or token material, the host keeps serving, a rejected request changes
 * nothing in the caller's tenant, and nothing at all ever changes in another tenant's data.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestEnvironment, stopCheckingLogs, WORKLOAD_NAME, type TestEnvironment } from '../support/environment';
import { expectErrorBody, expectNoServerError, send } from '../resilience/support/answers';
import { snapshotTenant } from '../resilience/support/storage';
import { hostileHeadString, pathSegment } from './support/arbitraries';
import { StoreWatch } from './support/store-watch';

const ITEM_TYPE = `${WORKLOAD_NAME}.Calculator`;
const JOB_TYPE = `${ITEM_TYPE}.Calculate`;
const RUNS = 150;

let env: TestEnvironment;
let controlHeaders: Record<string, string>;
let dataHeaders: Record<string, string>;
let watch: StoreWatch;
const ws = randomUUID();
const item = randomUUID();
/** Another tenant's item (and its owner): fuzzing as env.user must never touch it. */
const victim = { ws: randomUUID(), item: randomUUID(), tenantId: randomUUID() };
let victimBefore: Map<string, string>;

beforeAll(async () => {
  env = await startTestEnvironment();
  controlHeaders = await env.headers();
  dataHeaders = await env.frontendHeaders(['Item.Read.All']);
  const created = await send(env.baseUrl, 'POST', `workspaces/${ws}/items/${ITEM_TYPE}/${item}`, { headers: controlHeaders, body: JSON.stringify({ displayName: 'fuzz', creationPayload: { operand1: 1, operand2: 2, operator: 'add' } }) });
  expect(created.status).toBe(200);
  const owner = env.newUser(victim.tenantId);
  const victimCreated = await send(env.baseUrl, 'POST', `workspaces/${victim.ws}/items/${ITEM_TYPE}/${victim.item}`, { headers: await env.headers(owner), body: JSON.stringify({ displayName: 'victim', creationPayload: { operand1: 3, operand2: 4, operator: 'add' } }) });
  expect(victimCreated.status).toBe(200);
  env.fabricApi.setPermissions(item, env.user.oid, ['Read']);
  victimBefore = await snapshotTenant(victim.tenantId);
  watch = new StoreWatch(env.user.tenantId);
  await watch.start();
}, 60_000);

afterAll(() => stopCheckingLogs(env));

interface Template {
  readonly method: string;
  /** Path with {param} placeholders (under /api). */
  readonly path: string;
  readonly plane: 'control' | 'data' | 'none';
  readonly body?: unknown;
  /** Creates a job when it succeeds: the job's rows then change on their own. */
  readonly startsJob?: boolean;
}

const ITEM = 'workspaces/{workspaceId}/items/{itemType}/{itemId}';
const INSTANCE = `${ITEM}/jobTypes/{jobType}/instances/{jobInstanceId}`;
const ref = { jobType: JOB_TYPE, jobInstanceId: randomUUID() };
const TEMPLATES: readonly Template[] = [
  { method: 'POST', path: `${ITEM}/OnCreateItem`, plane: 'control', body: {} },
  { method: 'POST', path: `${ITEM}/OnUpdateItem`, plane: 'control', body: {} },
  { method: 'POST', path: `${ITEM}/OnDeleteItem`, plane: 'control', body: { deleteType: 'Soft' } },
  { method: 'POST', path: `${ITEM}/OnRestoreItem`, plane: 'control', body: {} },
  { method: 'POST', path: ITEM, plane: 'control', body: { displayName: 'fuzz', creationPayload: { operand1: 1, operand2: 2, operator: 'add' } } },
  { method: 'PATCH', path: ITEM, plane: 'control', body: { displayName: 'renamed' } },
  { method: 'DELETE', path: ITEM, plane: 'control' },
  { method: 'GET', path: `${ITEM}/payload`, plane: 'control' },
  { method: 'POST', path: `${ITEM}/jobs/onCreateJobInstance`, plane: 'control', body: ref, startsJob: true },
  { method: 'POST', path: `${ITEM}/jobs/onGetJobInstanceStatus`, plane: 'control', body: ref },
  { method: 'POST', path: `${ITEM}/jobs/onCancelJobInstance`, plane: 'control', body: ref },
  { method: 'POST', path: INSTANCE, plane: 'control', body: { invokeType: 'Manual' }, startsJob: true },
  { method: 'GET', path: INSTANCE, plane: 'control' },
  { method: 'POST', path: `${INSTANCE}/cancel`, plane: 'control' },
  { method: 'GET', path: 'workspaces/{workspaceId}/items/{itemId}/permissions', plane: 'data' },
  { method: 'GET', path: 'workspaces/{workspaceId}/items/{itemId}/state', plane: 'data' },
  { method: 'GET', path: `${ITEM}/reads/{read}`, plane: 'data' },
];

/** Each parameter: the real value (so the other parameters are what is wrong), or a fuzzed path segment. */
const params = fc.record({
  workspaceId: fc.oneof(fc.constant(ws), fc.constant(victim.ws), pathSegment),
  itemType: fc.oneof(fc.constant(ITEM_TYPE), pathSegment),
  itemId: fc.oneof(fc.constant(item), fc.constant(victim.item), pathSegment),
  jobType: fc.oneof(fc.constant(JOB_TYPE), pathSegment),
  jobInstanceId: fc.oneof(fc.uuid(), pathSegment),
  read: fc.oneof(fc.constant('summary'), pathSegment),
});

it('hostile route parameters on every route: 4xx (or the honest answer), never 5xx, nothing changed', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...TEMPLATES), params, fc.boolean(), async (t, p, trailingSlash) => {
      const path = t.path.replace(/\{(\w+)\}/g, (_m, name: keyof typeof p) => p[name]) + (trailingSlash ? '/' : '');
      const headers = t.plane === 'control' ? controlHeaders : t.plane === 'data' ? dataHeaders : {};
      const a = await send(env.baseUrl, t.method, path, { headers, body: t.body === undefined ? undefined : JSON.stringify(t.body) });
      expectNoServerError(a);
      if (t.startsJob && a.status < 300) watch.jobStarted(t.path === INSTANCE ? decodeURIComponent(p.jobInstanceId) : ref.jobInstanceId);
      const changed = await watch.changes();
      if (a.status >= 400) expect({ path, status: a.status, changed }).toEqual({ path, status: a.status, changed: [] });
    }),
    { numRuns: RUNS * 3 },
  );
  expect(await snapshotTenant(victim.tenantId)).toEqual(victimBefore);
  expect((await send(env.baseUrl, 'GET', 'health')).status).toBe(200);
}, 180_000);

it('hostile Authorization headers: 401 with Fabric’s error body, never 5xx', async () => {
  const token = fc.oneof(hostileHeadString, fc.constant(controlHeaders.authorization.replace(/appToken="[^"]+"/, 'appToken="x.y.z"')), fc.constant(controlHeaders.authorization.slice(0, -5)), fc.constant(`Bearer ${controlHeaders.authorization}`));
  const header = fc.oneof(token, token.map((t) => `SubjectAndAppToken1.0 ${t}`), token.map((t) => `Bearer ${t}`));
  await fc.assert(
    fc.asyncProperty(header, fc.constantFrom('control', 'data'), async (authorization, plane) => {
      const path = plane === 'control' ? `workspaces/${ws}/items/${ITEM_TYPE}/${item}/payload` : `workspaces/${ws}/items/${item}/state`;
      const value = authorization.replace(/[^\u0020-\u007e\u0080-\u00ff]/g, '?');
      const a = await send(env.baseUrl, 'GET', path, { headers: { ...controlHeaders, authorization: value } });
      expectNoServerError(a);
      // Node's HTTP parser may refuse a header outright (400, no body); everything the endpoint answers is a 401.
      if (a.text !== '') {
        expect(a.status).toBe(401);
        expect(expectErrorBody(a).errorCode).toMatch(/^Invalid(AuthorizationHeader|Token)$/);
      }
    }),
    { numRuns: RUNS },
  );
}, 120_000);

it('a request line over 8 KB (414) or headers over 32 KB (431), the Functions host\'s Kestrel limits, are refused before the app runs, and the host keeps serving', async () => {
  const huge = 'x'.repeat(40_000);
  for (const [path, headers] of [[`workspaces/${huge}/items/${ITEM_TYPE}/${item}/payload`, controlHeaders], [`workspaces/${ws}/items/${ITEM_TYPE}/${item}/payload`, { ...controlHeaders, authorization: `Bearer ${huge}` }]] as const) {
    const outcome = await send(env.baseUrl, 'GET', path, { headers }).then(
      (a) => a.status,
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect(['ECONNRESET', 'EPIPE', headers === controlHeaders ? 414 : 431]).toContain(outcome);
  }
  expect((await send(env.baseUrl, 'GET', 'health')).status).toBe(200);
});
