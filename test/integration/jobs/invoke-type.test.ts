/**
 * WDK job create through the local host with `invokeType` as Fabric really sends it (the enum's number, e.g. 2) and as
 * the swagger writes it (the name): both start the job, and the record keeps the name. Other spellings are a 400.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { JOBS_TABLE, jobRowKey } from '../../../src/jobs/job-entity';
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../../support/environment';
import { createWdkItem, isFinal, pollUntil, wdk, type ItemRef, type JobState } from './support/fabric-jobs';
import { readOutput } from './support/onelake';
import { swaggerErrors } from './support/swagger';

let env: TestEnvironment;
let item: ItemRef;

beforeAll(async () => {
  env = await startTestEnvironment();
  item = await createWdkItem(env, { operand1: 6, operand2: 7, operator: 'multiply' });
}, 30_000);

afterAll(async () => {
  await stopCheckingLogs(env);
});

const table = () => TableClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!, JOBS_TABLE);

async function storedRecord(jobInstanceId: string): Promise<Record<string, unknown>> {
  return table().getEntity(env.user.tenantId, jobRowKey(item.workspaceId, item.itemId, jobInstanceId));
}

describe('WDK create accepts invokeType as a name or as its number', () => {
  it.each([
    ['the number 2, with a creationPayload', 'Manual', { invokeType: 2, creationPayload: { steps: 2 } }, 2],
    ['the number 2, without a creationPayload', 'Manual', { invokeType: 2 }, 1],
    ['the name Manual, with a creationPayload', 'Manual', { invokeType: 'Manual', creationPayload: { steps: 2 } }, 2],
    ['the name Manual, without a creationPayload', 'Manual', { invokeType: 'Manual' }, 1],
    ['the number 1, with a creationPayload', 'Scheduled', { invokeType: 1, creationPayload: { steps: 3 } }, 3],
    ['the number 0, without a creationPayload', 'UnknownFutureValue', { invokeType: 0 }, 1],
  ])('%s: 202, the job runs, and its record says %s', async (_name, recorded, body, steps) => {
    const jobInstanceId = randomUUID();
    const created = await wdk.create(env, item, jobInstanceId, body);
    expect([created.status, created.text]).toEqual([202, '']);
    expect(await storedRecord(jobInstanceId)).toMatchObject({ invokeType: recorded, status: expect.stringMatching(/^(NotStarted|InProgress|Completed)$/) });

    const answers = await pollUntil(() => wdk.state(env, item, jobInstanceId), isFinal);
    const final = answers[answers.length - 1].body as JobState;
    expect(swaggerErrors('ItemJobInstanceState', final)).toEqual([]);
    expect(final.status).toBe('Completed');
    // The runner read the record (the invoke type the handler is given) and finished it: the name is still there.
    expect(await storedRecord(jobInstanceId)).toMatchObject({ invokeType: recorded, status: 'Completed' });
    expect(await readOutput(item.workspaceId, item.itemId, jobInstanceId)).toMatchObject({ steps, result: 6 * 7 ** steps });
  });

  it.each([[3], [-1], [1.5], ['2'], ['manual'], [true], [null], [[2]]])('invokeType %j: 400 InvalidRequest in Fabric\'s error body, nothing recorded', async (invokeType) => {
    const jobInstanceId = randomUUID();
    for (const body of [{ invokeType, creationPayload: { steps: 2 } }, { invokeType }]) {
      const a = await wdk.create(env, item, jobInstanceId, body);
      expect(a.status).toBe(400);
      expect(swaggerErrors('ErrorResponse', a.body)).toEqual([]);
      expect(a.body).toMatchObject({ errorCode: 'InvalidRequest', source: 'User', isPermanent: true });
      expect((a.body as { message: string }).message).toMatch(invokeType === null ? /^invokeType is required$/ : /^invokeType must be one of UnknownFutureValue, Scheduled, Manual \(or their numbers 0 to 2\)$/);
    }
    const state = await wdk.state(env, item, jobInstanceId);
    expect(state.body).toMatchObject({ status: 'Failed', errorDetails: { errorCode: 'JobInstanceNotFound' } });
  });
});
