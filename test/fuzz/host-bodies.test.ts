/**
 * Fuzzing every request body schema through the real host (both contract generations): item create, update, delete
 * and restore, job create, status and cancel, endpoint resolution. Bodies are near-valid shapes, arbitrary JSON, and
 * text that is not JSON. For every request: never a 500 (or any 5xx), never a stack or token material in the answer,
 * Fabric's error body on errors, and a rejected request leaves the stored data exactly as it was.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestEnvironment, stopCheckingLogs, WORKLOAD_NAME, type TestEnvironment } from '../support/environment';
import { expectNoServerError, send, until, type Answer } from '../resilience/support/answers';
import { createOneLakeWorkspace } from '../resilience/support/storage';
import { bodyText, calcContent, definition, executionData, hostileString, jobRef, json, jsonObject } from './support/arbitraries';
import { StoreWatch } from './support/store-watch';

const ITEM_TYPE = `${WORKLOAD_NAME}.Calculator`;
const JOB_TYPE = `${ITEM_TYPE}.Calculate`;
const RUNS = 120;

let env: TestEnvironment;
let headers: Record<string, string>;
let watch: StoreWatch;
const ws = randomUUID();
/** A WDK item, a toolkit item, and an item that deletes and restores come and go on. */
const wdkItem = randomUUID();
const toolkitItem = randomUUID();
const churnItem = randomUUID();
const finishedJob = randomUUID();

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const validDefinition = { parts: [{ path: 'definition.json', payloadType: 'InlineBase64', payload: b64({ operand1: 6, operand2: 7, operator: 'multiply' }) }] };

beforeAll(async () => {
  env = await startTestEnvironment();
  headers = await env.headers();
  await createOneLakeWorkspace(ws);
  const seed = async (method: string, path: string, body: unknown, status: number) => expect((await send(env.baseUrl, method, path, { headers, body: JSON.stringify(body) })).status).toBe(status);
  await seed('POST', `workspaces/${ws}/items/${ITEM_TYPE}/${wdkItem}`, { displayName: 'fuzz', creationPayload: { operand1: 1, operand2: 2, operator: 'add' } }, 200);
  await seed('POST', `workspaces/${ws}/items/${ITEM_TYPE}/${toolkitItem}/OnCreateItem`, { definition: validDefinition }, 200);
  await seed('POST', `workspaces/${ws}/items/${ITEM_TYPE}/${churnItem}/OnCreateItem`, { definition: validDefinition }, 200);
  await seed('POST', `workspaces/${ws}/items/${ITEM_TYPE}/${wdkItem}/jobs/onCreateJobInstance`, { jobType: JOB_TYPE, jobInstanceId: finishedJob }, 201);
  await until('the seeded job finishes', async () => {
    const a = await send(env.baseUrl, 'POST', `workspaces/${ws}/items/${ITEM_TYPE}/${wdkItem}/jobs/onGetJobInstanceStatus`, { headers, body: JSON.stringify({ jobType: JOB_TYPE, jobInstanceId: finishedJob }) });
    return (a.body as { status?: string }).status === 'Completed' ? true : undefined;
  }, 30_000, 200);
  watch = new StoreWatch(env.user.tenantId);
  await watch.start();
}, 60_000);

afterAll(() => stopCheckingLogs(env));

interface Route {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  /** The job a 2xx answer started, if the route creates jobs. */
  readonly startedJob?: (body: unknown) => string | undefined;
}

/** Sends one fuzzed request and checks the answer and the store. */
async function check(route: Route, text: string): Promise<Answer> {
  const a = await send(env.baseUrl, route.method, route.path, { headers, body: text });
  expectNoServerError(a);
  if (a.status >= 200 && a.status < 300) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const job = route.startedJob?.(parsed);
    if (job) watch.jobStarted(job);
  }
  const changed = await watch.changes();
  if (a.status >= 400) expect({ route: route.name, status: a.status, changed }).toEqual({ route: route.name, status: a.status, changed: [] });
  return a;
}

const item = (id: string, suffix = '') => `workspaces/${ws}/items/${ITEM_TYPE}/${id}${suffix}`;
const fromBody = (key: string) => (b: unknown) => (b && typeof b === 'object' && typeof (b as Record<string, unknown>)[key] === 'string' ? String((b as Record<string, unknown>)[key]) : undefined);

it('item lifecycle bodies (toolkit and WDK)', async () => {
  const toolkit = jsonObject(fc.record({ definition }, { requiredKeys: [] }));
  const wdkCreate = jsonObject(fc.record({ displayName: fc.oneof(hostileString, json), description: fc.oneof(hostileString, json), creationPayload: fc.oneof(calcContent, json) }, { requiredKeys: [] }));
  const wdkUpdate = jsonObject(fc.record({ displayName: fc.oneof(hostileString, json), description: fc.oneof(hostileString, json), updatePayload: fc.oneof(calcContent, json) }, { requiredKeys: [] }));
  const deletion = jsonObject(fc.record({ deleteType: fc.oneof(fc.constantFrom('Hard', 'Soft'), hostileString, json) }, { requiredKeys: [] }));
  const cases = fc.oneof(
    fc.tuple(fc.constantFrom<Route>({ name: 'OnCreateItem', method: 'POST', path: item(toolkitItem, '/OnCreateItem') }, { name: 'OnUpdateItem', method: 'POST', path: item(toolkitItem, '/OnUpdateItem') }, { name: 'OnRestoreItem', method: 'POST', path: item(churnItem, '/OnRestoreItem') }), bodyText(toolkit)),
    fc.tuple(fc.constant<Route>({ name: 'OnDeleteItem', method: 'POST', path: item(churnItem, '/OnDeleteItem') }), bodyText(deletion)),
    fc.tuple(fc.constant<Route>({ name: 'WDK create', method: 'POST', path: item(wdkItem) }), bodyText(wdkCreate)),
    fc.tuple(fc.constant<Route>({ name: 'WDK update', method: 'PATCH', path: item(wdkItem) }), bodyText(wdkUpdate)),
  );
  await fc.assert(fc.asyncProperty(cases, async ([route, text]) => void (await check(route, text))), { numRuns: RUNS * 2 });
}, 120_000);

it('job bodies (toolkit create, status, cancel; WDK create and cancel)', async () => {
  const create = jsonObject(fc.tuple(jobRef(JOB_TYPE), executionData, definition).map(([r, e, d]) => ({ ...r, executionData: e, definition: d })));
  const wdkCreate = jsonObject(fc.record({ invokeType: fc.oneof(fc.constantFrom('Manual', 'Scheduled'), hostileString, json), creationPayload: executionData }, { requiredKeys: [] }));
  const cases = fc.oneof(
    fc.tuple(fc.constant<Route>({ name: 'onCreateJobInstance', method: 'POST', path: item(wdkItem, '/jobs/onCreateJobInstance'), startedJob: fromBody('jobInstanceId') }), bodyText(create)),
    fc.tuple(fc.constantFrom<Route>({ name: 'onGetJobInstanceStatus', method: 'POST', path: item(wdkItem, '/jobs/onGetJobInstanceStatus') }, { name: 'onCancelJobInstance', method: 'POST', path: item(wdkItem, '/jobs/onCancelJobInstance') }), bodyText(fc.oneof(jobRef(JOB_TYPE), fc.constant({ jobType: JOB_TYPE, jobInstanceId: finishedJob })))),
    fc.tuple(
      fc.uuid().map((id): Route => ({ name: 'WDK job create', method: 'POST', path: item(wdkItem, `/jobTypes/${JOB_TYPE}/instances/${id}`), startedJob: () => id })),
      bodyText(wdkCreate),
    ),
    fc.tuple(fc.constant<Route>({ name: 'WDK job cancel', method: 'POST', path: item(wdkItem, `/jobTypes/${JOB_TYPE}/instances/${finishedJob}/cancel`) }), bodyText(json)),
  );
  await fc.assert(fc.asyncProperty(cases, async ([route, text]) => void (await check(route, text))), { numRuns: RUNS * 2 });
}, 120_000);

it('endpoint resolution bodies (both generations)', async () => {
  const entry = fc.oneof(fc.record({ name: fc.oneof(fc.constantFrom('EndpointName', 'TenantRegion'), hostileString, json), value: fc.oneof(hostileString, json) }, { requiredKeys: [] }), json);
  const resolution = jsonObject(fc.record({ context: fc.oneof(fc.array(entry, { maxLength: 20 }), json) }, { requiredKeys: [] }));
  const route = fc.constantFrom<Route>({ name: 'resolve-endpoint', method: 'POST', path: 'resolve-endpoint' }, { name: 'resolve-api-path-placeholder', method: 'POST', path: 'resolve-api-path-placeholder' });
  await fc.assert(fc.asyncProperty(route, bodyText(resolution), async (r, text) => void (await check(r, text))), { numRuns: RUNS });
}, 120_000);

it('bodies beyond the size limits are refused with 4xx and change nothing', async () => {
  const huge = JSON.stringify({ displayName: 'x', description: 'y'.repeat(2 * 1024 * 1024) });
  for (const route of [{ name: 'WDK update', method: 'PATCH', path: item(wdkItem) }, { name: 'OnUpdateItem', method: 'POST', path: item(toolkitItem, '/OnUpdateItem') }, { name: 'onCreateJobInstance', method: 'POST', path: item(wdkItem, '/jobs/onCreateJobInstance') }, { name: 'resolve-endpoint', method: 'POST', path: 'resolve-endpoint' }]) {
    const a = await check(route, huge);
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.status).toBeLessThan(500);
  }
});
