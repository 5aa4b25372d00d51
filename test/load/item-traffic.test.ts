/**
 * Data safety under concurrent traffic on ONE item, through the real host: rounds of 10 concurrent PATCHes (every
 * field twice), duplicate job creates of both generations, status polls and repeated item creates; then deletes,
 * restores and a hard delete racing PATCHes and job creates. Afterwards the store is checked:
 * - no update is lost: after every round, every field holds that round's value;
 * - no job runs twice: each job record is Completed after exactly one attempt, and its output blob was written by
 *   exactly one request (counted at a recording proxy in front of the OneLake stand-in);
 * - job records stay consistent when the item is deleted under them: nothing is left NotStarted or InProgress.
 */
import { randomUUID } from 'node:crypto';
import { startTestEnvironment, stopCheckingLogs, WORKLOAD_NAME, type TestEnvironment } from '../support/environment';
import { expectNoServerError, send, until, type Answer } from '../resilience/support/answers';
import { startFaultProxy, type FaultProxy } from '../resilience/support/fault-proxy';
import { azuriteBlobEndpoint, azuriteConnectionString, createOneLakeWorkspace, itemsTable, jobsTable, localTls } from '../resilience/support/storage';

const ITEM_TYPE = `${WORKLOAD_NAME}.Calculator`;
const JOB_TYPE = `${ITEM_TYPE}.Calculate`;
const ROUNDS = 8;
const OPERATORS = ['add', 'subtract', 'multiply', 'divide'] as const;

let env: TestEnvironment;
let oneLake: FaultProxy;
let headers: Record<string, string>;
const ws = randomUUID();
const item = randomUUID();
const itemPath = `workspaces/${ws}/items/${ITEM_TYPE}/${item}`;

beforeAll(async () => {
  const blob = new URL(azuriteBlobEndpoint());
  oneLake = await startFaultProxy({ target: blob.origin, tls: localTls() });
  env = await startTestEnvironment({ storage: { connectionString: azuriteConnectionString(), blobEndpoint: `${oneLake.origin}${blob.pathname}` } });
  headers = await env.headers();
  await createOneLakeWorkspace(ws);
}, 60_000);
afterAll(async () => {
  try {
    await stopCheckingLogs(env);
  } finally {
    await oneLake?.stop();
  }
});

const call = (method: string, path: string, body?: unknown): Promise<Answer> => send(env.baseUrl, method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });

interface JobRow {
  readonly rowKey: string;
  readonly status: string;
  readonly attempts: number;
}
async function jobRows(): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  const prefix = `${ws}_${item}_`;
  for await (const e of (await jobsTable()).listEntities<{ status: string; attempts: number }>({ queryOptions: { filter: `PartitionKey eq '${env.user.tenantId}' and RowKey ge '${prefix}' and RowKey lt '${prefix}~'` } })) {
    rows.push({ rowKey: e.rowKey!, status: e.status, attempts: Number(e.attempts) });
  }
  return rows;
}
const jobIdOf = (rowKey: string): string => rowKey.split('_')[2];

it('concurrent updates, duplicate job creates and polls on one item: no update lost, no job run twice', async () => {
  const original = { displayName: 'load', creationPayload: { operand1: 1, operand2: 2, operator: 'add' } };
  expect((await call('POST', itemPath, original)).status).toBe(200);
  const jobs: string[] = [];

  for (let r = 0; r < ROUNDS; r++) {
    const toolkitJob = randomUUID();
    const wdkJob = randomUUID();
    jobs.push(toolkitJob, wdkJob);
    const previous = jobs.slice(0, -2);
    const expected = { displayName: `name-${r}`, description: `description-${r}`, operand1: r, operand2: r + 1, operator: OPERATORS[r % OPERATORS.length] };
    const fields = [{ displayName: expected.displayName }, { description: expected.description }, { updatePayload: { operand1: r } }, { updatePayload: { operand2: r + 1 } }, { updatePayload: { operator: expected.operator } }];
    const patches = [...fields, ...fields]; // 10 concurrent writers, each field written twice
    const toolkitCreate = { jobType: JOB_TYPE, jobInstanceId: toolkitJob, executionData: { steps: 2 } };
    const wdkCreate = `${itemPath}/jobTypes/${JOB_TYPE}/instances/${wdkJob}`;
    const answers = await Promise.all([
      ...patches.map((p) => call('PATCH', itemPath, p)),
      call('POST', `${itemPath}/jobs/onCreateJobInstance`, toolkitCreate),
      call('POST', `${itemPath}/jobs/onCreateJobInstance`, toolkitCreate),
      call('POST', wdkCreate, { invokeType: 'Manual', creationPayload: { steps: 1 } }),
      call('POST', wdkCreate, { invokeType: 'Manual', creationPayload: { steps: 1 } }),
      call('POST', itemPath, original),
      ...previous.slice(-4).map((id) => call('POST', `${itemPath}/jobs/onGetJobInstanceStatus`, { jobType: JOB_TYPE, jobInstanceId: id })),
    ]);
    for (const a of answers) expectNoServerError(a);
    const n = patches.length;
    expect(answers.slice(0, n).map((a) => a.status)).toEqual(Array(n).fill(200));
    expect(answers.slice(n, n + 2).map((a) => a.status)).toEqual([201, 201]);
    expect(answers.slice(n + 2, n + 4).map((a) => a.status)).toEqual([202, 202]);
    expect(answers[n + 4].status).toBe(409); // the content changed since: the same id with other content
    for (const a of answers.slice(n + 5)) expect(a.status).toBe(200);

    const stored = await (await itemsTable()).getEntity<Record<string, unknown>>(env.user.tenantId, `${ws}_${item}`);
    expect({ displayName: stored.displayName, description: stored.description }).toEqual({ displayName: expected.displayName, description: expected.description });
    const payload = await call('GET', `${itemPath}/payload`);
    expect(payload.body).toEqual({ itemPayload: { operand1: expected.operand1, operand2: expected.operand2, operator: expected.operator } });
  }

  const rows = await until('every job has finished', async () => {
    const all = await jobRows();
    return all.length === jobs.length && all.every((j) => j.status === 'Completed') ? all : undefined;
  }, 60_000, 500);
  expect(rows.map((j) => jobIdOf(j.rowKey)).sort()).toEqual([...jobs].sort());
  expect(rows.filter((j) => j.attempts !== 1)).toEqual([]);
  for (const id of jobs) {
    const writes = oneLake.requests.filter((q) => q.method === 'PUT' && q.path.endsWith(`/${item}/Files/calculations/${id}.json`));
    expect({ id, writes: writes.map((w) => w.status) }).toEqual({ id, writes: [201] });
  }
}, 120_000);

it('deletes and restores racing updates and job creates: answers stay honest and no job record is left behind running', async () => {
  // Soft delete and restore racing PATCHes: each PATCH either lands (200) or meets the deleted item (404), nothing else.
  for (let r = 0; r < 4; r++) {
    const answers = await Promise.all([
      call('POST', `${itemPath}/OnDeleteItem`, { deleteType: 'Soft' }),
      call('PATCH', itemPath, { description: `racing-${r}` }),
      call('POST', `${itemPath}/OnRestoreItem`, {}),
      call('PATCH', itemPath, { displayName: `racing-${r}` }),
    ]);
    for (const a of answers) expectNoServerError(a);
    expect(answers[0].status).toBe(200);
    expect([200, 404]).toContain(answers[1].status);
    expect([200, 404]).toContain(answers[2].status);
    expect([200, 404]).toContain(answers[3].status);
    await call('POST', `${itemPath}/OnRestoreItem`, {});
  }

  // A hard delete racing job creates and PATCHes.
  const racing = Array.from({ length: 6 }, () => randomUUID());
  const answers = await Promise.all([
    call('DELETE', itemPath),
    ...racing.map((id) => call('POST', `${itemPath}/jobs/onCreateJobInstance`, { jobType: JOB_TYPE, jobInstanceId: id })),
    ...Array.from({ length: 4 }, (_, i) => call('PATCH', itemPath, { description: `last-${i}` })),
  ]);
  for (const a of answers) expectNoServerError(a);
  expect(answers[0].status).toBe(200);
  for (const a of answers.slice(1, 1 + racing.length)) expect([201, 404]).toContain(a.status);
  for (const a of answers.slice(1 + racing.length)) expect([200, 404]).toContain(a.status);
  expect((await call('GET', `${itemPath}/payload`)).status).toBe(404);

  // Jobs created before the delete removed their records are gone; any created in the race ends Failed (item gone).
  const rows = await until('no job of the deleted item is left running', async () => {
    const all = await jobRows();
    return all.every((j) => j.status === 'Completed' || j.status === 'Failed' || j.status === 'Cancelled') ? all : undefined;
  }, 30_000, 500);
  expect(rows.filter((j) => j.attempts > 1)).toEqual([]);
  for (const j of rows) expect(racing).toContain(jobIdOf(j.rowKey));
}, 90_000);
