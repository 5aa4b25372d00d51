/**
 * Hostile bodies and headers on every HTTP route the app registers, through the real host. The routes come from the
 * host's start-up listing (as `func start` prints it); each must be described below, so a new route fails this test
 * until it is. Cases: nesting 10,000 levels deep (the whole body, and inside a field), bytes that are not UTF-8,
 * a repeated member name, two Authorization headers, and a chunked body without Content-Length.
 * A route that reads a body answers each with a 4xx in Fabric's error body and its stable errorCode; a route that
 * takes no body ignores it (the same answer as without it). Every hostile request leaves the stored data as it was.
 */
import { randomUUID } from 'node:crypto';
import { MAX_BODY_DEPTH } from '../../src/http/json-text';
import { startTestEnvironment, stopCheckingLogs, WORKLOAD_NAME, type TestEnvironment } from '../support/environment';
import { expectErrorBody, expectNoServerError, send, until, type Answer, type SendOptions } from '../resilience/support/answers';
import { createOneLakeWorkspace } from '../resilience/support/storage';
import { StoreWatch } from './support/store-watch';

const ITEM_TYPE = `${WORKLOAD_NAME}.Calculator`;
const JOB_TYPE = `${ITEM_TYPE}.Calculate`;
const DEPTH = 10_000;

let env: TestEnvironment;
let planeHeaders: Record<'control' | 'data', Record<string, string>>;
let watch: StoreWatch;
const ws = randomUUID();
const wdkItem = randomUUID();
const toolkitItem = randomUUID();
/** The target of body-less routes that change things (DELETE): gone after the first request. */
const spareItem = randomUUID();
const finishedJob = randomUUID();

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const validDefinition = { parts: [{ path: 'definition.json', payloadType: 'InlineBase64', payload: b64({ operand1: 6, operand2: 7, operator: 'multiply' }) }] };

type Params = Record<'workspaceId' | 'itemType' | 'itemId' | 'jobType' | 'jobInstanceId' | 'read', string>;

interface RouteSpec {
  readonly plane: 'control' | 'data' | 'none';
  /** Path parameters besides workspaceId, itemType and jobType (fresh ids: a request that got through would create). */
  readonly params: () => Partial<Params>;
  /** For a route that reads a body: a valid one, and the member in which to nest deeply. */
  readonly body?: { readonly valid: (p: Params) => Record<string, unknown>; readonly field: string };
}

/** Every HTTP function of the app, by name. */
const ROUTES: Readonly<Record<string, RouteSpec>> = {
  itemOnCreate: { plane: 'control', params: () => ({ itemId: randomUUID() }), body: { valid: () => ({ definition: validDefinition }), field: 'definition' } },
  itemOnUpdate: { plane: 'control', params: () => ({ itemId: toolkitItem }), body: { valid: () => ({ definition: validDefinition }), field: 'definition' } },
  itemOnDelete: { plane: 'control', params: () => ({ itemId: toolkitItem }), body: { valid: () => ({ deleteType: 'Hard' }), field: 'deleteType' } },
  itemOnRestore: { plane: 'control', params: () => ({ itemId: toolkitItem }), body: { valid: () => ({ definition: validDefinition }), field: 'definition' } },
  itemCreate: { plane: 'control', params: () => ({ itemId: randomUUID() }), body: { valid: () => ({ displayName: 'evil', creationPayload: { operand1: 1, operand2: 2, operator: 'add' } }), field: 'creationPayload' } },
  itemUpdate: { plane: 'control', params: () => ({ itemId: wdkItem }), body: { valid: () => ({ displayName: 'evil', updatePayload: { operand1: 5 } }), field: 'updatePayload' } },
  itemDelete: { plane: 'control', params: () => ({ itemId: spareItem }) },
  itemGetPayload: { plane: 'control', params: () => ({ itemId: wdkItem }) },
  jobsToolkitCreate: { plane: 'control', params: () => ({ itemId: wdkItem }), body: { valid: (p) => ({ jobType: p.jobType, jobInstanceId: randomUUID(), executionData: { a: 1 } }), field: 'executionData' } },
  jobsToolkitStatus: { plane: 'control', params: () => ({ itemId: wdkItem }), body: { valid: (p) => ({ jobType: p.jobType, jobInstanceId: finishedJob }), field: 'jobInstanceId' } },
  jobsToolkitCancel: { plane: 'control', params: () => ({ itemId: wdkItem }), body: { valid: (p) => ({ jobType: p.jobType, jobInstanceId: finishedJob }), field: 'jobInstanceId' } },
  jobsWdkCreate: { plane: 'control', params: () => ({ itemId: wdkItem, jobInstanceId: randomUUID() }), body: { valid: () => ({ invokeType: 'Manual', creationPayload: { a: 1 } }), field: 'creationPayload' } },
  jobsWdkState: { plane: 'control', params: () => ({ itemId: wdkItem, jobInstanceId: finishedJob }) },
  jobsWdkCancel: { plane: 'control', params: () => ({ itemId: wdkItem, jobInstanceId: finishedJob }) },
  resolveEndpoint: { plane: 'control', params: () => ({}), body: { valid: () => ({ context: [{ name: 'EndpointName', value: 'x' }] }), field: 'context' } },
  resolveApiPathPlaceholder: { plane: 'control', params: () => ({}), body: { valid: () => ({ context: [{ name: 'EndpointName', value: 'x' }] }), field: 'context' } },
  dataPlaneItemPermissions: { plane: 'data', params: () => ({ itemId: wdkItem }) },
  dataPlaneItemState: { plane: 'data', params: () => ({ itemId: wdkItem }) },
  dataPlaneItemRead: { plane: 'data', params: () => ({ itemId: wdkItem }) },
  health: { plane: 'none', params: () => ({}) },
};

interface ListedRoute {
  readonly name: string;
  readonly methods: readonly string[];
  /** Route template under the base URL. */
  readonly template: string;
}

/** The HTTP functions in the host's start-up listing: `  name: [GET,POST] http://127.0.0.1:port/api/route`. */
function listedRoutes(logs: string, baseUrl: string): ListedRoute[] {
  const out: ListedRoute[] = [];
  for (const m of logs.matchAll(/^\s+(\w+): \[([A-Z,]+)\] (\S+)$/gm)) {
    const [, name, methods, url] = m;
    expect(url.startsWith(`${baseUrl}/`)).toBe(true);
    out.push({ name, methods: methods.split(','), template: url.slice(baseUrl.length + 1) });
  }
  return out;
}

beforeAll(async () => {
  env = await startTestEnvironment();
  const controlHeaders = await env.headers();
  planeHeaders = { control: controlHeaders, data: await env.frontendHeaders(['Item.Read.All']) };
  await createOneLakeWorkspace(ws);
  const seed = async (method: string, path: string, body: unknown, status: number) => expect((await send(env.baseUrl, method, path, { headers: controlHeaders, body: JSON.stringify(body) })).status).toBe(status);
  const item = (id: string, suffix = '') => `workspaces/${ws}/items/${ITEM_TYPE}/${id}${suffix}`;
  for (const id of [wdkItem, spareItem]) await seed('POST', item(id), { displayName: 'hostile', creationPayload: { operand1: 1, operand2: 2, operator: 'add' } }, 200);
  await seed('POST', item(toolkitItem, '/OnCreateItem'), { definition: validDefinition }, 200);
  await seed('POST', item(wdkItem, '/jobs/onCreateJobInstance'), { jobType: JOB_TYPE, jobInstanceId: finishedJob }, 201);
  await until('the seeded job finishes', async () => {
    const a = await send(env.baseUrl, 'POST', item(wdkItem, '/jobs/onGetJobInstanceStatus'), { headers: controlHeaders, body: JSON.stringify({ jobType: JOB_TYPE, jobInstanceId: finishedJob }) });
    return (a.body as { status?: string }).status === 'Completed' ? true : undefined;
  }, 30_000, 200);
  env.fabricApi.setPermissions(wdkItem, env.user.oid, ['Read']);
  watch = new StoreWatch(env.user.tenantId);
  await watch.start();
}, 60_000);

afterAll(() => stopCheckingLogs(env));

const PLACEHOLDER = '\u0000deep\u0000';
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
const withMember = (valid: Record<string, unknown>, field: string, json: string) => Buffer.from(JSON.stringify({ ...valid, [field]: PLACEHOLDER }).replace(JSON.stringify(PLACEHOLDER), json));
/** 10,000 levels pass the smaller routes' size limits (16 KB): refused as too large there, as too deep elsewhere. */
const TOO_DEEP_OR_LARGE = { status: 400, errorCode: expect.stringMatching(/^RequestBodyToo(Deep|Large)$/) as unknown as string, source: 'User' };
const NOT_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);

interface HostileCase {
  readonly name: string;
  /** The request's body from a valid one (JSON text is built as text: JSON.stringify itself cannot nest 10,000 deep). */
  readonly body: (valid: Record<string, unknown>, field: string) => Buffer;
  readonly authorization?: (credential: string) => string | string[];
  readonly framing?: 'chunked';
  /** What a route that reads a body answers. */
  readonly expected: { readonly status: number; readonly errorCode: string; readonly source: string };
}

const text = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), 'utf8');
const CASES: readonly HostileCase[] = [
  { name: `the body nested ${DEPTH} levels deep`, body: () => Buffer.from(nestedObjects(DEPTH)), expected: TOO_DEEP_OR_LARGE },
  { name: `a member nested ${DEPTH} levels deep`, body: (valid, field) => withMember(valid, field, nestedArrays(DEPTH)), expected: TOO_DEEP_OR_LARGE },
  { name: 'the body nested one level deeper than the limit', body: () => Buffer.from(nestedObjects(MAX_BODY_DEPTH + 1)), expected: { status: 400, errorCode: 'RequestBodyTooDeep', source: 'User' } },
  { name: 'a member nested one level deeper than the limit', body: (valid, field) => withMember(valid, field, nestedArrays(MAX_BODY_DEPTH)), expected: { status: 400, errorCode: 'RequestBodyTooDeep', source: 'User' } },
  {
    name: 'bytes that are not UTF-8 in a string',
    body: (valid) => {
      const t = JSON.stringify(valid);
      const at = t.indexOf(':"') + 2;
      return Buffer.concat([Buffer.from(t.slice(0, at)), NOT_UTF8, Buffer.from(t.slice(at))]);
    },
    expected: { status: 400, errorCode: 'RequestBodyNotUtf8', source: 'User' },
  },
  {
    name: 'a repeated member name',
    body: (valid) => {
      const [name, value] = Object.entries(valid)[0];
      return Buffer.from(`${JSON.stringify(valid).slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value)}}`);
    },
    expected: { status: 400, errorCode: 'RequestBodyDuplicateMember', source: 'User' },
  },
  // The Functions host joins repeated headers with ", " (the next case); the local host must do the same.
  { name: 'two Authorization headers', body: text, authorization: (c) => [c, c], expected: { status: 401, errorCode: 'InvalidAuthorizationHeader', source: 'External' } },
  { name: 'two Authorization headers, joined by the host with ", "', body: text, authorization: (c) => `${c}, ${c}`, expected: { status: 401, errorCode: 'InvalidAuthorizationHeader', source: 'External' } },
  { name: 'a chunked body without Content-Length', body: text, framing: 'chunked', expected: { status: 411, errorCode: 'LengthRequired', source: 'User' } },
];

/** The request for a route, hostile or not, sent with sendRequest. */
interface RouteRequest extends SendOptions {
  readonly method: string;
  readonly path: string;
}

const sendRequest = (r: RouteRequest): Promise<Answer> => send(env.baseUrl, r.method, r.path, r);

function request(route: ListedRoute, spec: RouteSpec, hostile?: HostileCase): RouteRequest {
  const params: Params = { workspaceId: ws, itemType: ITEM_TYPE, itemId: randomUUID(), jobType: JOB_TYPE, jobInstanceId: randomUUID(), read: 'summary', ...spec.params() };
  const path = route.template.replace(/\{(\w+)\}/g, (_m, name: keyof Params) => encodeURIComponent(params[name]));
  const headers = spec.plane === 'none' ? { 'content-type': 'application/json' } : planeHeaders[spec.plane];
  const authorization = headers.authorization && (hostile?.authorization?.(headers.authorization) ?? headers.authorization);
  // A route that takes no body gets one all the same: it must ignore it.
  const body = spec.body ? spec.body.valid(params) : { note: 'ignored' };
  return {
    method: route.methods[0],
    path,
    headers: { ...headers, ...(authorization ? { authorization } : {}) },
    body: hostile ? hostile.body(body, spec.body?.field ?? 'extra') : spec.body ? text(body) : undefined,
    ...(hostile?.framing ? { framing: hostile.framing } : {}),
  };
}

/** The answer without its per-request parts, to compare a route's answer with and without a body. */
const essence = (a: Answer) => ({ status: a.status, errorCode: (a.body as { errorCode?: unknown } | undefined)?.errorCode });

it('every HTTP route the host lists is described here, and every description names a listed route', () => {
  const listed = listedRoutes(env.host.logs(), env.baseUrl).map((r) => r.name);
  expect(listed.sort()).toEqual(Object.keys(ROUTES).sort());
});

describe.each(CASES)('$name', (hostile) => {
  it('on every route: a 4xx in Fabric’s error body from a route that reads a body, the body ignored by one that does not; nothing stored changes', async () => {
    const outcomes: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const route of listedRoutes(env.host.logs(), env.baseUrl)) {
      const spec = ROUTES[route.name];
      if (!spec) throw new Error(`route ${route.name} is not described in ROUTES`);
      let reference: Answer | undefined;
      if (!spec.body && !hostile.authorization) {
        // Twice: a route that changes things (DELETE) answers its steady state the second time.
        await sendRequest(request(route, spec));
        reference = await sendRequest(request(route, spec));
        await watch.changes();
      }
      const a = await sendRequest(request(route, spec, hostile));
      expectNoServerError(a);
      const changed = await watch.changes();
      const answer = a.status >= 400 ? { ...essence(a), source: expectErrorBody(a).source } : essence(a);
      outcomes[route.name] = { answer, changed };
      if (reference) expected[route.name] = { answer: reference.status >= 400 ? { ...essence(reference), source: expect.any(String) } : essence(reference), changed: [] };
      else if (spec.plane === 'none') expected[route.name] = { answer: essence(a), changed: [] }; // anonymous: no credential to repeat
      else expected[route.name] = { answer: hostile.expected, changed: [] };
    }
    expect(outcomes).toEqual(expected);
  }, 120_000);
});
