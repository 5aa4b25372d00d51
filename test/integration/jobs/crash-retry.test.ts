/**
 * A worker killed mid-job (SIGKILL: no clean-up, its queue message is not settled). The message comes back when its
 * lease ends, another worker picks it up, resumes from the last stored checkpoint and completes; the output is
 * written once. Workers here lease messages for 2 s instead of the host's 10 minutes (short-lease-host.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';
import { createToolkitItem, isFinal, JOB_TYPE, pollUntil, toolkit, type JobState } from './support/fabric-jobs';
import { listOutputs, readOutput } from './support/onelake';
import { startWorker, type Worker } from './support/worker';

let env: TestEnvironment;
const workers: Worker[] = [];

beforeAll(async () => {
  // Both workers must unseal the same long-running grants: a shared grant key, as in Azure.
  env = await startTestEnvironment({ env: { LONG_RUNNING_GRANT_KEYS: randomBytes(32).toString('base64') } });
  await env.host.stop(); // this test runs its own workers against the same settings, Entra ID, tables and queue
}, 30_000);

afterAll(async () => {
  for (const w of workers) await w.stop();
  await env?.stop();
});

const via = (w: Worker): TestEnvironment => ({ ...env, baseUrl: w.baseUrl });
const progressOf = (h: Headers) => Number((h.get('job-progress') ?? '0/0').split('/')[0]);

it('a job whose worker dies mid-run is resumed by another worker and completes once', async () => {
  const a = await startWorker(env.env, 2000);
  workers.push(a);
  const item = await createToolkitItem(via(a), { operand1: 5, operand2: 3, operator: 'add' });
  const jobInstanceId = randomUUID();
  expect((await toolkit.create(via(a), item, { jobType: JOB_TYPE, jobInstanceId, executionData: { steps: 40, stepDelayMs: 100 } })).status).toBe(201);
  await pollUntil(() => toolkit.status(via(a), item, jobInstanceId), (s, ans) => s.status === 'InProgress' && progressOf(ans.headers) >= 8);

  await a.kill();
  expect(a.logs()).toMatch(new RegExp(`Job attempt started .*${jobInstanceId}.*"attempt":1`));
  expect(a.logs()).not.toMatch(new RegExp(`Job completed .*${jobInstanceId}`));

  const b = await startWorker(env.env, 2000);
  workers.push(b);
  const stillRunning = await toolkit.status(via(b), item, jobInstanceId);
  expect((stillRunning.body as JobState).status).toBe('InProgress');
  const resumedAt = progressOf(stillRunning.headers);
  expect(resumedAt).toBeGreaterThanOrEqual(8);

  const answers = await pollUntil(() => toolkit.status(via(b), item, jobInstanceId), isFinal, 20_000);
  const final = answers[answers.length - 1].body as JobState;
  expect(final.status).toBe('Completed');
  const attempt2 = new RegExp(`Job attempt started .*${jobInstanceId}.*"attempt":2.*"resumeFromStep":(\\d+)`).exec(b.logs());
  expect(attempt2).not.toBeNull();
  expect(Number(attempt2![1])).toBeGreaterThanOrEqual(resumedAt);
  expect(await readOutput(item.workspaceId, item.itemId, jobInstanceId)).toMatchObject({ steps: 40, result: 5 + 40 * 3 });
  expect(await listOutputs(item.workspaceId, item.itemId)).toEqual([`${item.itemId}/Files/calculations/${jobInstanceId}.json`]);
}, 60_000);
