/**
 * The composition root's wiring of items and jobs on the run's Azurite: an item's hard delete goes through the jobs
 * side (JobService.deleteItemJobs), so its job rows and their jobid_ claims go with it.
 */
import { randomUUID } from 'node:crypto';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/config';
import { claimRowKey, JOBS_TABLE } from '../../../src/jobs/job-entity';
import { TableJobStore } from '../../../src/jobs/table-job-store';
import { createLogger } from '../../../src/observability/logger';

const TENANT = randomUUID();
let app: App;

beforeAll(() => {
  const config = loadConfig({
    TENANT_ID: 'a0c1e2f3-0000-4000-8000-00000000beef',
    BACKEND_APPID: 'c2e3f4a5-0000-4000-8000-0000000000ad',
    BACKEND_AUDIENCE: 'api://localdevinstance/a0c1e2f3-0000-4000-8000-00000000beef/Org.Wiring',
    BACKEND_CLIENT_SECRET: 'local-only-secret-value',
    WORKLOAD_NAME: 'Org.Wiring',
    AzureWebJobsStorage: process.env.AZURITE_CONNECTION_STRING,
  });
  app = createApp(config);
});
afterAll(() => app.close());

it('a hard delete through the app removes the item, its jobs and their jobid_ claims', async () => {
  const key = { tenantId: TENANT, workspaceId: randomUUID(), itemId: randomUUID() };
  const ctx = { log: createLogger({ log() {}, warn() {}, error() {} }) };
  const ref = { key, itemType: app.registry.require('Org.Wiring.Calculator') };
  expect(await app.items.create(ref, { displayName: 'c' }, ctx)).toBe('created');
  const jobs = new TableJobStore(() => app.storage.getTableClient(JOBS_TABLE));
  const jobInstanceId = randomUUID();
  await jobs.create({ ...key, jobInstanceId, itemType: ref.itemType.fullName, jobType: `${ref.itemType.fullName}.Calculate`, invokeType: 'Manual', createdUtc: new Date().toISOString(), timeoutSeconds: 60, status: 'NotStarted', attempts: 0 });
  expect(await jobs.getClaim(TENANT, jobInstanceId)).toBeDefined();

  expect(await app.items.delete(ref, 'Hard', ctx)).toBe('hardDeleted');

  expect(await app.items.get(key.tenantId, key.workspaceId, key.itemId)).toBeUndefined();
  expect(await jobs.get({ ...key, jobInstanceId })).toBeUndefined();
  const table = await app.storage.getTableClient(JOBS_TABLE);
  const left: string[] = [];
  for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${TENANT}'` } })) left.push(e.rowKey!);
  expect(left).not.toContain(claimRowKey(jobInstanceId));
  expect(left).toEqual([]);
});
