/**
 * A job that outlives the user's subject token: the subject token lives 6 s, every token the local Entra ID issues
 * (OBO, refresh) lives 4 s, and the job runs about 8 s before it writes to OneLake (Azurite checks token lifetimes).
 * The write can only succeed with a token redeemed from the long-running grant after the subject token expired.
 */
import { randomUUID } from 'node:crypto';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';
import { createToolkitItem, isFinal, JOB_TYPE, pollUntil, toolkit, type JobState } from './support/fabric-jobs';
import { readOutput } from './support/onelake';

let env: TestEnvironment;

beforeAll(async () => {
  env = await startTestEnvironment({ tokenLifetimeSeconds: 4 });
}, 30_000);

afterAll(async () => {
  await env?.stop();
});

it('keeps acting for the user after the subject token expired', async () => {
  const item = await createToolkitItem(env, { operand1: 1, operand2: 2, operator: 'add' });
  const jobInstanceId = randomUUID();
  const created = await toolkit.create(env, item, { jobType: JOB_TYPE, jobInstanceId, executionData: { steps: 8, stepDelayMs: 1000 } }, { expiresInSeconds: 6 });
  expect(created.status).toBe(201);
  const subjectExpiresAt = Date.now() + 6000;

  const answers = await pollUntil(() => toolkit.status(env, item, jobInstanceId, JOB_TYPE, { user: null, userTenantId: env.user.tenantId }), isFinal, 25_000);
  const final = answers[answers.length - 1].body as JobState;
  expect(final.status).toBe('Completed');
  expect(Date.parse(final.endTimeUtc!)).toBeGreaterThan(subjectExpiresAt);
  expect(await readOutput(item.workspaceId, item.itemId, jobInstanceId)).toMatchObject({ result: 17, steps: 8 });

  // The OneLake token came from the grant (refresh token), in the user's tenant, after the subject token expired.
  const refreshes = env.idp.tokenRequests.filter((r) => r.grant_type === 'refresh_token' && r.tenant === env.user.tenantId);
  expect(refreshes.length).toBeGreaterThanOrEqual(1);
  expect(refreshes.some((r) => (r.scope ?? '').includes('https://storage.azure.com/.default'))).toBe(true);
  // No token or grant material in the logs.
  expect(env.logs()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  expect(env.logs()).not.toMatch(/lrg1\.|rt\.[0-9a-f]{8}-/);
}, 40_000);
