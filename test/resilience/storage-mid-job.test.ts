/**
 * Storage (Table Storage: the job and item records) goes away while a job runs, through the real host. The table
 * service sits behind a fault proxy; the queue and OneLake stay up. While it is down, polls and item reads answer
 * 503 StorageUnavailable (retryable, Retry-After) within a bounded time, never 500. The running attempt fails at its
 * next checkpoint; when storage is back the endpoint answers again at once, the queue redelivers the job, the next
 * attempt resumes from the last stored checkpoint, and the job completes with its output written.
 */
import { randomUUID } from 'node:crypto';
import { WORKLOAD_NAME } from '../support/environment';
import { ANSWER_BOUND_MS, expectRetryable503, until } from './support/answers';
import { createOneLakeWorkspace, jobsTable, readOneLakeFile } from './support/storage';
import { startWithTablesBehindProxy, type TablesBehindProxy } from './support/tables-behind-proxy';

const ITEM_TYPE = `${WORKLOAD_NAME}.Calculator`;
const JOB_TYPE = `${ITEM_TYPE}.Calculate`;
const STEPS = 10;

let system: TablesBehindProxy;
beforeAll(async () => {
  system = await startWithTablesBehindProxy();
}, 60_000);
afterAll(() => system?.stop());

it('a job survives a table-storage outage mid-run: 503 while down, resumes from its checkpoint and completes once it is back', async () => {
  const ws = randomUUID();
  const item = randomUUID();
  const job = randomUUID();
  const itemPath = `workspaces/${ws}/items/${ITEM_TYPE}/${item}`;
  await createOneLakeWorkspace(ws);
  expect((await system.call('POST', itemPath, { displayName: 'resilience', creationPayload: { operand1: 2, operand2: 3, operator: 'multiply' } })).status).toBe(200);
  const created = await system.call('POST', `${itemPath}/jobs/onCreateJobInstance`, { jobType: JOB_TYPE, jobInstanceId: job, executionData: { steps: STEPS, stepDelayMs: 400 } });
  expect(created.status).toBe(201);
  const status = () => system.call('POST', `${itemPath}/jobs/onGetJobInstanceStatus`, { jobType: JOB_TYPE, jobInstanceId: job });

  await until('the job is running with stored progress', async () => {
    const a = await status();
    const done = Number(/^(\d+)\//.exec(String(a.headers['job-progress'] ?? ''))?.[1] ?? 0);
    return a.status === 200 && (a.body as { status: string }).status === 'InProgress' && done >= 2 ? true : undefined;
  }, ANSWER_BOUND_MS);

  system.tables.setMode('down');
  const polled = await status();
  expectRetryable503(polled, 'StorageUnavailable');
  expect(polled.ms).toBeLessThan(ANSWER_BOUND_MS);
  expectRetryable503(await system.call('GET', `${itemPath}/payload`), 'StorageUnavailable');
  // The running attempt meets the outage at its next checkpoint and gives the message back to the queue.
  await system.env.host.waitForLog(/Job attempt failed: StorageUnavailable/, ANSWER_BOUND_MS);

  system.tables.setMode('pass');
  const back = await status();
  expect(back.status).toBe(200);
  expect((back.body as { status: string }).status).toBe('InProgress');

  // host.json visibilityTimeout (10 s) brings the message back; the next attempt resumes and completes.
  const final = await until('the job completes', async () => {
    const a = await status();
    return (a.body as { status?: string } | undefined)?.status === 'Completed' ? a : undefined;
  }, 45_000, 500);
  expect(final.body).toMatchObject({ status: 'Completed' });
  const output = JSON.parse((await readOneLakeFile(ws, `${item}/Files/calculations/${job}.json`)) ?? 'null') as { result?: number } | null;
  expect(output).toMatchObject({ jobInstanceId: job, steps: STEPS, result: 2 * 3 ** STEPS });
  const record = await (await jobsTable()).getEntity<{ attempts: number }>(system.env.user.tenantId, `${ws}_${item}_${job}`);
  expect(record.attempts).toBe(2);
  expect(system.env.logs()).toMatch(/Job attempt started.*"attempt":2.*"resumeFromStep":[1-9]/);
}, 90_000);
