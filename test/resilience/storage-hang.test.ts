/**
 * Table Storage that accepts connections and never answers (a black-holed network), through the real host: every
 * call that needs it answers 503 StorageUnavailable (retryable, Retry-After) within the bound, never hangs and never
 * 500s: the per-try timeout and the per-operation deadline (src/storage/retry.ts) end every storage operation
 * within 12 s. When storage answers again the next call succeeds at once.
 */
import { randomUUID } from 'node:crypto';
import { WORKLOAD_NAME } from '../support/environment';
import { STORAGE_OPERATION_DEADLINE_MS } from '../../src/storage/retry';
import { ANSWER_BOUND_MS, expectRetryable503 } from './support/answers';
import { startWithTablesBehindProxy, type TablesBehindProxy } from './support/tables-behind-proxy';

const ITEM_TYPE = `${WORKLOAD_NAME}.Calculator`;

let system: TablesBehindProxy;
beforeAll(async () => {
  system = await startWithTablesBehindProxy();
}, 60_000);
afterAll(() => system?.stop());

it('table storage that never answers: 503 StorageUnavailable within the bound, then answers again at once', async () => {
  const itemPath = `workspaces/${randomUUID()}/items/${ITEM_TYPE}/${randomUUID()}`;
  expect((await system.call('POST', itemPath, { displayName: 'hang', creationPayload: { operand1: 2, operand2: 3, operator: 'add' } })).status).toBe(200);

  system.tables.setMode('hang');
  const [read, update] = await Promise.all([
    system.call('GET', `${itemPath}/payload`),
    system.call('PATCH', itemPath, { displayName: 'renamed while storage hangs', updatePayload: { operand1: 4, operand2: 5, operator: 'add' } }),
  ]);
  for (const answer of [read, update]) {
    expectRetryable503(answer, 'StorageUnavailable');
    expect(answer.ms).toBeLessThanOrEqual(STORAGE_OPERATION_DEADLINE_MS + 1_000);
    expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
  }

  system.tables.setMode('pass');
  const back = await system.call('GET', `${itemPath}/payload`);
  expect(back.status).toBe(200);
  expect(back.ms).toBeLessThan(ANSWER_BOUND_MS);
}, 60_000);
