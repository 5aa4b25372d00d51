/**
 * Jobs through the local host (queue triggers against Azurite, tokens from the local Entra ID): the full lifecycle
 * of both route generations, idempotent create, cancel, failure reporting, validation and the OneLake output.
 */
import { randomUUID } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { TableClient } from '@azure/data-tables';
import { encodeJobMessage } from '../../../src/jobs/message';
import { JOBS_TABLE, jobRowKey, toEntity } from '../../../src/jobs/job-entity';
import type { JobRecord } from '../../../src/jobs/job-record';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';
import { call, createToolkitItem, createWdkItem, isFinal, ITEM_TYPE, JOB_TYPE, pollUntil, queueDrained, toolkit, wdk, type ItemRef, type JobState } from './support/fabric-jobs';
import { listOutputs, readOutput } from './support/onelake';
import { swaggerErrors } from './support/swagger';

let env: TestEnvironment;

beforeAll(async () => {
  env = await startTestEnvironment();
}, 30_000);

afterAll(async () => {
  await env?.stop();
});

function expectState(body: unknown): JobState {
  expect(swaggerErrors('ItemJobInstanceState', body)).toEqual([]);
  return body as JobState;
}

describe('Extensibility Toolkit job routes', () => {
  it('create → NotStarted/InProgress → Completed, and the result file is in OneLake', async () => {
    const item = await createToolkitItem(env, { operand1: 2, operand2: 3, operator: 'multiply' });
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

function attemptsLogged(jobInstanceId: string): number {
  return env.logs().split('\n').filter((l) => l.includes('Job attempt started') && l.includes(jobInstanceId)).length;
}

function expectError(body: unknown, errorCode: string, message?: RegExp): void {
  expect(swaggerErrors('ErrorResponse', body)).toEqual([]);
  expect(body).toMatchObject({ errorCode });
  if (message) expect((body as { message: string }).message).toMatch(message);
}

describe('idempotent create', () => {
  it('the same jobInstanceId again answers the current state and never starts a second run (both generations)', async () => {
    const item = await createToolkitItem(env, { operand1: 1, operand2: 1, operator: 'add' });
    const jobInstanceId = randomUUID();
    const body = { jobType: JOB_TYPE, jobInstanceId, executionData: { steps: 2 } };
    const first = await toolkit.create(env, item, body);
    const again = await toolkit.create(env, item, { ...body, executionData: { steps: 999 } });
    expect([first.status, again.status]).toEqual([201, 201]);
    expectState(again.body);
    await pollUntil(() => toolkit.status(env, item, jobInstanceId), isFinal);
    const afterDone = await toolkit.create(env, item, body);
    expect(afterDone.status).toBe(201);
    expect(expectState(afterDone.body).status).toBe('Completed');
    const wdkAgain = await wdk.create(env, item, jobInstanceId, { invokeType: 'Manual' });
    expect(wdkAgain.status).toBe(202);
    // Every message (the first create's and the ones repeated creates enqueued) has been delivered and settled.
    await queueDrained(env);
    expect(attemptsLogged(jobInstanceId)).toBe(1);
    expect((await readOutput(item.workspaceId, item.itemId, jobInstanceId)) as { steps: number }).toMatchObject({ steps: 2, result: 3 });
    expect(await listOutputs(item.workspaceId, item.itemId)).toEqual([`${item.itemId}/Files/calculations/${jobInstanceId}.json`]);
  });

  it('the same jobInstanceId for another item is a 409', async () => {
    const a = await createToolkitItem(env, { operand1: 1, operand2: 1, operator: 'add' });
    const b = await createToolkitItem(env, { operand1: 1, operand2: 1, operator: 'add' }, a.workspaceId);
    const jobInstanceId = randomUUID();
    expect((await toolkit.create(env, a, { jobType: JOB_TYPE, jobInstanceId })).status).toBe(201);
    const conflict = await toolkit.create(env, b, { jobType: JOB_TYPE, jobInstanceId });
    expect(conflict.status).toBe(409);
    expectError(conflict.body, 'JobInstanceConflict', /another item/);
  });
});

describe('polling and cancelling unknown jobs', () => {
  it('status and cancel accept app-only calls (no subject token)', async () => {
    const item = await createToolkitItem(env, { operand1: 1, operand2: 2, operator: 'add' });
    const jobInstanceId = randomUUID();
    expect((await toolkit.create(env, item, { jobType: JOB_TYPE, jobInstanceId })).status).toBe(201);
    const appOnly = { user: null, userTenantId: env.user.tenantId };
    const answers = await pollUntil(() => wdk.state(env, item, jobInstanceId, appOnly), isFinal);
    expect(expectState(answers[answers.length - 1].body).status).toBe('Completed');
    expect(expectState((await toolkit.cancel(env, item, jobInstanceId, JOB_TYPE, appOnly)).body).status).toBe('Completed');
  });

  it('answers 200 Failed JobInstanceNotFound for an unknown id, in both generations, also to app-only calls', async () => {
    const item = await createToolkitItem(env, { operand1: 1, operand2: 2, operator: 'add' });
    const unknown = randomUUID();
    for (const a of [
      await toolkit.status(env, item, unknown),
      await toolkit.cancel(env, item, unknown, JOB_TYPE, { user: null }),
      await wdk.state(env, item, unknown, { user: null }),
      await wdk.cancel(env, item, unknown),
    ]) {
      expect(a.status).toBe(200);
      expect(expectState(a.body)).toMatchObject({ status: 'Failed', errorDetails: { errorCode: 'JobInstanceNotFound', source: 'User', isPermanent: true } });
    }
  });

  it('another tenant cannot see or cancel the job', async () => {
    const item = await createToolkitItem(env, { operand1: 1, operand2: 2, operator: 'add' });
    const jobInstanceId = randomUUID();
    expect((await toolkit.create(env, item, { jobType: JOB_TYPE, jobInstanceId })).status).toBe(201);
    const stranger = env.newUser(randomUUID());
    const seen = await toolkit.status(env, item, jobInstanceId, JOB_TYPE, { user: stranger });
    expect(seen.body).toMatchObject({ status: 'Failed', errorDetails: { errorCode: 'JobInstanceNotFound' } });
    const cancel = await wdk.cancel(env, item, jobInstanceId, { user: stranger });
    expect(cancel.body).toMatchObject({ status: 'Failed', errorDetails: { errorCode: 'JobInstanceNotFound' } });
    const own = await pollUntil(() => toolkit.status(env, item, jobInstanceId), isFinal);
    expect((own[own.length - 1].body as JobState).status).not.toBe('Cancelled');
  });
});

describe('bad requests fail fast with Fabric error bodies', () => {
  let item: ItemRef;
  beforeAll(async () => {
    item = await createToolkitItem(env, { operand1: 1, operand2: 2, operator: 'add' });
  });

  it.each([
    ['no JSON', 'not json', 400, 'InvalidRequestBody'],
    ['missing jobInstanceId', { jobType: JOB_TYPE }, 400, 'InvalidRequest'],
    ['jobType of another item type', { jobType: 'Org.FabricRemoteEndpoint.Other.Calculate', jobInstanceId: randomUUID() }, 400, 'JobTypeMismatch'],
    ['unknown job type', { jobType: `${ITEM_TYPE}.Explode`, jobInstanceId: randomUUID() }, 400, 'UnknownJobType'],
    ['bad executionData', { jobType: JOB_TYPE, jobInstanceId: randomUUID(), executionData: { steps: 0 } }, 400, 'InvalidExecutionData'],
    ['executionData not an object', { jobType: JOB_TYPE, jobInstanceId: randomUUID(), executionData: [3] }, 400, 'InvalidRequest'],
    ['malformed definition', { jobType: JOB_TYPE, jobInstanceId: randomUUID(), definition: { parts: [{ path: 'definition.json', payload: '***', payloadType: 'InlineBase64' }] } }, 400, 'InvalidItemPayload'],
  ])('toolkit create: %s', async (_name, body, status, errorCode) => {
    const a = await call(env, 'POST', `workspaces/${item.workspaceId}/items/${ITEM_TYPE}/${item.itemId}/jobs/onCreateJobInstance`, body);
    expect(a.status).toBe(status);
    expectError(a.body, errorCode);
  });

  it('a job for a missing item is a 404 ItemNotFound, and nothing is recorded', async () => {
    const missing = { workspaceId: item.workspaceId, itemId: randomUUID() };
    const jobInstanceId = randomUUID();
    const a = await toolkit.create(env, missing, { jobType: JOB_TYPE, jobInstanceId });
    expect(a.status).toBe(404);
    expectError(a.body, 'ItemNotFound', /does not exist/);
    expect((await toolkit.status(env, missing, jobInstanceId)).body).toMatchObject({ status: 'Failed', errorDetails: { errorCode: 'JobInstanceNotFound' } });
  });

  it('WDK: bad invokeType, bad GUID in the path', async () => {
    const a = await wdk.create(env, item, randomUUID(), { invokeType: 'Whenever' });
    expect(a.status).toBe(400);
    expectError(a.body, 'InvalidRequest', /invokeType/);
    const b = await call(env, 'GET', `workspaces/${item.workspaceId}/items/${ITEM_TYPE}/${item.itemId}/jobTypes/${JOB_TYPE}/instances/not-a-guid`);
    expect(b.status).toBe(400);
    expectError(b.body, 'InvalidRequest', /jobInstanceId must be a GUID/);
  });

  it('create needs the user (subject token): an app-only call is refused', async () => {
    const a = await toolkit.create(env, item, { jobType: JOB_TYPE, jobInstanceId: randomUUID() }, { user: null });
    expect(a.status).toBe(401);
  });
});

describe('cancel and failures', () => {
  it('cancel during a run: the job stops at its next checkpoint, ends Cancelled and writes nothing', async () => {
    const item = await createToolkitItem(env, { operand1: 1, operand2: 1, operator: 'add' });
    const jobInstanceId = randomUUID();
    expect((await toolkit.create(env, item, { jobType: JOB_TYPE, jobInstanceId, executionData: { steps: 60, stepDelayMs: 100 } })).status).toBe(201);
    const running = await pollUntil(
      () => toolkit.status(env, item, jobInstanceId),
      (s, a) => s.status === 'InProgress' && Number((a.headers.get('job-progress') ?? '0/0').split('/')[0]) >= 3,
    );
    expect(running[running.length - 1].headers.get('job-progress')).toMatch(/^\d+\/60$/);

    const cancel = await toolkit.cancel(env, item, jobInstanceId);
    expect(cancel.status).toBe(200);
    expect(['InProgress', 'Cancelled']).toContain(expectState(cancel.body).status);
    const answers = await pollUntil(() => toolkit.status(env, item, jobInstanceId), isFinal, 10_000);
    const final = answers[answers.length - 1];
    expect(expectState(final.body)).toMatchObject({ status: 'Cancelled', startTimeUtc: expect.any(String), endTimeUtc: expect.any(String) });
    expect(Number(final.headers.get('job-progress')!.split('/')[0])).toBeLessThan(60);
    expect(await readOutput(item.workspaceId, item.itemId, jobInstanceId)).toBeUndefined();
    // Cancelling again changes nothing.
    expect((await wdk.cancel(env, item, jobInstanceId)).body).toEqual(final.body);
  });

  it('a failing job is Failed with honest errorDetails, and polling still answers 200', async () => {
    const item = await createWdkItem(env, { operand1: 1, operand2: 0, operator: 'divide' });
    const jobInstanceId = randomUUID();
    expect((await wdk.create(env, item, jobInstanceId, { invokeType: 'Scheduled' })).status).toBe(202);
    const answers = await pollUntil(() => wdk.state(env, item, jobInstanceId), isFinal);
    const final = answers[answers.length - 1];
    expect(final.status).toBe(200);
    expect(expectState(final.body)).toMatchObject({
      status: 'Failed',
      startTimeUtc: expect.any(String),
      endTimeUtc: expect.any(String),
      errorDetails: { errorCode: 'CalculationFailed', source: 'User', isPermanent: true, message: expect.stringMatching(/Division by zero/) },
    });
  });
});

describe('the 2-hour start deadline', () => {
  const table = () => TableClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!, JOBS_TABLE);

  async function agedRecord(item: ItemRef): Promise<JobRecord> {
    const record: JobRecord = {
      tenantId: env.user.tenantId,
      workspaceId: item.workspaceId,
      itemId: item.itemId,
      jobInstanceId: randomUUID(),
      itemType: ITEM_TYPE,
      jobType: JOB_TYPE,
      invokeType: 'Scheduled',
      createdUtc: new Date(Date.now() - 3 * 3600_000).toISOString(),
      timeoutSeconds: 540,
      status: 'NotStarted',
      attempts: 0,
    };
    await table().createEntity(toEntity(record));
    return record;
  }

  it('a job still NotStarted after 2 hours is reported Failed on poll', async () => {
    const item = await createToolkitItem(env, { operand1: 1, operand2: 2, operator: 'add' });
    const r = await agedRecord(item);
    const a = await toolkit.status(env, item, r.jobInstanceId);
    expect(a.status).toBe(200);
    expect(expectState(a.body)).toMatchObject({ status: 'Failed', errorDetails: { errorCode: 'JobNotStartedInTime', source: 'System' } });
  });

  it('and by the runner when its message arrives that late: the job never runs', async () => {
    const item = await createToolkitItem(env, { operand1: 1, operand2: 2, operator: 'add' });
    const r = await agedRecord(item);
    const queue = new QueueClient(process.env.AZURITE_CONNECTION_STRING!, env.queueName);
    await queue.createIfNotExists();
    await queue.sendMessage(encodeJobMessage(r));
    const deadline = Date.now() + 15_000;
    let entity: Record<string, unknown>;
    for (;;) {
      entity = await table().getEntity(r.tenantId, jobRowKey(r.workspaceId, r.itemId, r.jobInstanceId));
      if (entity.status !== 'NotStarted' || Date.now() > deadline) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(entity).toMatchObject({ status: 'Failed', attempts: 0 });
    expect(JSON.parse(entity.errorDetails as string)).toMatchObject({ errorCode: 'JobNotStartedInTime' });
    expect(attemptsLogged(r.jobInstanceId)).toBe(0);
  });
});
