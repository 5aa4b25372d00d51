/**
 * The job service and runner in-process, on the real parts: Table Storage and queues in Azurite, the token module
 * against the local Entra ID, OneLake = Azurite's blob service with Entra bearer tokens, the real item service and
 * registry. Test-only job types (item type `Org.Test.Probe`) make the hard cases deterministic: a takeover while the
 * first attempt is still alive, duplicate messages, transient failures with resume, retries exhausted, timeouts,
 * permanent errors, a deleted item, grant rotation, stale and foreign claims, concurrent creates.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { fabricSubjectToken } from '../../../devtools/local-entra/fabric-tokens';
import { ConflictError } from '../../../src/fabric/errors';
import { ItemService } from '../../../src/items/service';
import { TableItemStore } from '../../../src/items/store';
import { JobError } from '../../../src/catalog';
import { jobRowKey } from '../../../src/jobs/job-entity';
import type { JobKey } from '../../../src/jobs/job-record';
import { StorageJobQueue } from '../../../src/jobs/job-queue';
import { JobRunner } from '../../../src/jobs/job-runner';
import { JobAttemptFailed } from '../../../src/jobs/errors';
import { JobService } from '../../../src/jobs/job-service';
import type { JobContext } from '../../../src/catalog';
import { jobMessage } from '../../../src/jobs/message';
import { registryJobTypes } from '../../../src/jobs/job-types';
import { longRunningTokens } from '../../../src/jobs/ports';
import { TableJobStore } from '../../../src/jobs/table-job-store';
import type { CreateJobInput } from '../../../src/jobs/validation';
import { createLogger } from '../../../src/observability/logger';
import { OneLakeClient } from '../../../src/onelake/onelake-client';
import { ONELAKE_SCOPE } from '../../../src/onelake/scopes';
import type { TokenClient } from '../../../src/tokens/types';
import { calculatorItemType } from '../../../src/workload/calculator/item-type';
import { createItemTypeRegistry, defineItemType } from '../../../src/catalog';
import { ALICE, BACKEND_APP_ID, LogCapture, tls, tokenClientFor, USER_TENANT, WORKLOAD } from '../tokens/support';
import { createWorkspace, readProbeOutput } from './support/onelake';

const CS = process.env.AZURITE_CONNECTION_STRING!;
const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
const WORKLOAD_NAME = 'Org.Test';
const PROBE = `${WORKLOAD_NAME}.Probe`;

/** Gates the Gate job per (jobInstanceId, attempt): the test decides when an attempt goes on. */
const gates = new Map<string, { reached: () => void; release: () => void; reachedP: Promise<void>; releasedP: Promise<void> }>();
function gate(id: string, attempt: number) {
  const k = `${id}#${attempt}`;
  if (!gates.has(k)) {
    let reached!: () => void;
    let release!: () => void;
    const reachedP = new Promise<void>((r) => (reached = r));
    const releasedP = new Promise<void>((r) => (release = r));
    gates.set(k, { reached, release, reachedP, releasedP });
  }
  return gates.get(k)!;
}
const resumes: Record<string, unknown[]> = {};

const probeType = defineItemType({
  name: 'Probe',
  jobs: {
    /** Waits at a gate after its first checkpoint, then writes `attempt N` to OneLake. */
    Gate: {
      timeoutSeconds: 60,
      scopes: [ONELAKE_SCOPE],
      async handler(ctx: JobContext) {
        await ctx.checkpoint({ completedSteps: 1, totalSteps: 2 });
        const g = gate(ctx.jobInstanceId, ctx.attempt);
        g.reached();
        await g.releasedP;
        await ctx.checkpoint({ completedSteps: 2, totalSteps: 2 });
        await ctx.oneLake.writeFile(`Files/probe/${ctx.jobInstanceId}.txt`, `attempt ${ctx.attempt}`, 'text/plain');
      },
    },
    /** Fails transiently on attempts 1 and 2 after storing a checkpoint; records what it resumed from. */
    Flaky: {
      timeoutSeconds: 60,
      async handler(ctx: JobContext) {
        (resumes[ctx.jobInstanceId] ??= []).push(ctx.resume?.state);
        await ctx.checkpoint({ completedSteps: ctx.attempt, totalSteps: 3, state: { attempt: ctx.attempt } });
        if (ctx.attempt < 3) throw new Error(`flaky attempt ${ctx.attempt}`);
      },
    },
    /** Never finishes on its own: waits for its signal. */
    Sleepy: {
      timeoutSeconds: 1,
      handler: (ctx: JobContext) => new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    },
    Fatal: {
      timeoutSeconds: 60,
      async handler() {
        throw new JobError('The probe input is unusable', { errorCode: 'ProbeRejected', source: 'User', isPermanent: true });
      },
    },
    /** Asks for a OneLake token (the grant's refresh token rotates), then waits at a gate. */
    Grant: {
      timeoutSeconds: 60,
      scopes: [ONELAKE_SCOPE],
      async handler(ctx: JobContext) {
        await ctx.tokens.getToken([ONELAKE_SCOPE]);
        const g = gate(ctx.jobInstanceId, ctx.attempt);
        g.reached();
        await g.releasedP;
        await ctx.checkpoint({ completedSteps: 1, totalSteps: 1 });
      },
    },
  },
});

let idp: LocalEntra;
let tokenClient: TokenClient;
let items: ItemService;
let jobsTable: TableClient;
let store: TableJobStore;
let service: JobService;
let runner: JobRunner;
const logs = new LogCapture();
const log = createLogger({ log: (m: string) => logs.lines.push(m), warn: (m: string) => logs.lines.push(m), error: (m: string) => logs.lines.push(m) });

beforeAll(async () => {
  idp = await startLocalEntra({ tls: tls(), clients: { [BACKEND_APP_ID]: 'backend-secret' } });
  tokenClient = await tokenClientFor(idp, { log: logs.logger });
  const registry = createItemTypeRegistry(WORKLOAD_NAME, [calculatorItemType, probeType]);
  const itemsTable = TableClient.fromConnectionString(CS, `jobitems${suffix}`);
  await itemsTable.createTable();
  items = new ItemService({ store: new TableItemStore(async () => itemsTable), registry, purgeRelated: async () => undefined, retentionDays: 30 });
  jobsTable = TableClient.fromConnectionString(CS, `jobs${suffix}`);
  await jobsTable.createTable();
  const queue = new QueueClient(CS, `jobs-${suffix}`);
  await queue.createIfNotExists();
  store = new TableJobStore(async () => jobsTable);
  const deps = { store, types: registryJobTypes(registry), items: { get: (t: string, w: string, i: string) => items.get(t, w, i) }, tokens: longRunningTokens(async () => tokenClient) };
  service = new JobService({ ...deps, queue: new StorageJobQueue(async () => queue) });
  runner = new JobRunner({ ...deps, oneLake: new OneLakeClient(process.env.AZURITE_BLOB_ENDPOINT!), checkpointIntervalMs: 0 });
});

afterAll(async () => {
  await idp?.stop();
  const all = logs.lines.join('\n');
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  expect(all).not.toMatch(/lrg1\./);
});

async function newJob(job: string, workspaceId: string = randomUUID()): Promise<{ key: JobKey; input: CreateJobInput }> {
  await createWorkspace(workspaceId);
  const itemId = randomUUID();
  await items.create({ key: { tenantId: USER_TENANT, workspaceId, itemId }, itemType: items.registry.require(PROBE) }, { displayName: 'probe', payload: {} }, { log });
  const jobInstanceId = randomUUID();
  const input: CreateJobInput = { workspaceId, itemType: PROBE, itemId, jobType: `${PROBE}.${job}`, jobInstanceId, invokeType: 'Manual' };
  return { key: { tenantId: USER_TENANT, workspaceId, itemId, jobInstanceId }, input };
}

async function caller() {
  return { tenantId: USER_TENANT, user: { oid: ALICE.oid, name: ALICE.name }, subjectToken: await fabricSubjectToken(idp, WORKLOAD, ALICE) };
}

async function create(job: string) {
  const j = await newJob(job);
  const r = await service.create(await caller(), j.input, log);
  expect(r).toMatchObject({ created: true, view: { state: { status: 'NotStarted' } } });
  return j;
}

const record = async (key: JobKey) => (await store.get(key))!.record;

it('a redelivered message takes the job over; the old attempt stops at its next checkpoint; another message is a duplicate', async () => {
  const { key } = await create('Gate');
  const message = jobMessage(key);
  const first = runner.run(message, log, { messageId: 'm1', dequeueCount: 1 });
  await gate(key.jobInstanceId, 1).reachedP;

  // A second message (a repeated create) must not start a second run while the first one holds the job.
  expect(await runner.run(message, log, { messageId: 'm2', dequeueCount: 1 })).toBe('duplicate');

  // The same message again (its lease ended: the worker looked dead) takes over, resumes and completes.
  const second = runner.run(message, log, { messageId: 'm1', dequeueCount: 2 });
  await gate(key.jobInstanceId, 2).reachedP;
  gate(key.jobInstanceId, 2).release();
  expect(await second).toBe('completed');

  // The first attempt wakes up, is refused at its checkpoint and writes nothing.
  gate(key.jobInstanceId, 1).release();
  expect(await first).toBe('takenOver');
  expect(await readProbeOutput(key.workspaceId, key.itemId, key.jobInstanceId)).toBe('attempt 2');
  expect(await record(key)).toMatchObject({ status: 'Completed', attempts: 2, grant: undefined, runId: undefined, runMessageId: undefined });
});

it('a transient failure keeps the job InProgress with its last error; the retry resumes from the stored checkpoint', async () => {
  const { key } = await create('Flaky');
  const message = jobMessage(key);
  await expect(runner.run(message, log, { messageId: 'm', dequeueCount: 1 })).rejects.toBeInstanceOf(JobAttemptFailed);
  expect(await record(key)).toMatchObject({ status: 'InProgress', attempts: 1, progress: { completedSteps: 1, totalSteps: 3 }, lastError: { errorCode: 'InternalError', message: expect.not.stringContaining('flaky') } });
  await expect(runner.run(message, log, { messageId: 'm', dequeueCount: 2 })).rejects.toBeInstanceOf(JobAttemptFailed);
  expect(await runner.run(message, log, { messageId: 'm', dequeueCount: 3 })).toBe('completed');
  expect(resumes[key.jobInstanceId]).toEqual([undefined, { attempt: 1 }, { attempt: 2 }]);
  expect(await record(key)).toMatchObject({ status: 'Completed', attempts: 3, lastError: undefined });
});

it('a message that exhausted its retries fails the job with the last error; a finished job is left alone', async () => {
  const { key } = await create('Flaky');
  await expect(runner.run(jobMessage(key), log, { messageId: 'm' })).rejects.toBeInstanceOf(JobAttemptFailed);
  await runner.failExhausted(jobMessage(key), log);
  const r = await record(key);
  expect(r).toMatchObject({ status: 'Failed', endTimeUtc: expect.any(String), grant: undefined });
  expect(r.errorDetails).toMatchObject({ errorCode: 'JobRetriesExhausted', source: 'System', isPermanent: false, moreDetails: [{ errorCode: 'InternalError' }] });
  await runner.failExhausted(jobMessage(key), log);
  expect((await record(key)).endTimeUtc).toBe(r.endTimeUtc);
  expect(await runner.run(jobMessage(key), log, { messageId: 'm' })).toBe('skipped');
});

it('a job past its timeout is failed with JobTimedOut', async () => {
  const { key } = await create('Sleepy');
  expect(await runner.run(jobMessage(key), log, { messageId: 'm' })).toBe('failed');
  expect((await record(key)).errorDetails).toMatchObject({ errorCode: 'JobTimedOut', source: 'System' });
});

it('a permanent handler error fails the job at once with the handler\'s error body (no retry)', async () => {
  const { key } = await create('Fatal');
  expect(await runner.run(jobMessage(key), log, { messageId: 'm' })).toBe('failed');
  expect((await record(key)).errorDetails).toEqual({ errorCode: 'ProbeRejected', message: 'The probe input is unusable', source: 'User', isPermanent: true });
});

it('a job whose item was deleted before it ran fails with ItemNotFound', async () => {
  const { key, input } = await create('Fatal');
  await items.delete({ key: { tenantId: key.tenantId, workspaceId: key.workspaceId, itemId: key.itemId }, itemType: items.registry.require(input.itemType) }, 'Soft', { log });
  expect(await runner.run(jobMessage(key), log, { messageId: 'm' })).toBe('failed');
  expect((await record(key)).errorDetails).toMatchObject({ errorCode: 'ItemNotFound', source: 'User', isPermanent: true });
});

it('stores a rotated grant while the job runs and deletes the grant when it ends', async () => {
  const { key } = await create('Grant');
  const before = (await record(key)).grant;
  expect(before).toMatch(/^lrg1\./);
  const run = runner.run(jobMessage(key), log, { messageId: 'm' });
  await gate(key.jobInstanceId, 1).reachedP;
  const during = (await record(key)).grant;
  expect(during).toMatch(/^lrg1\./);
  expect(during).not.toBe(before);
  gate(key.jobInstanceId, 1).release();
  expect(await run).toBe('completed');
  expect((await record(key)).grant).toBeUndefined();
});

it('a grant copied into another job row of the same tenant is refused: the job fails with LongRunningGrantInvalid', async () => {
  const victim = await create('Grant');
  const other = await create('Grant');
  // Someone with write access to the jobs table copies the victim's sealed grant, and its user, into another job.
  const entity = (k: JobKey) => jobsTable.getEntity<Record<string, unknown>>(k.tenantId, jobRowKey(k.workspaceId, k.itemId, k.jobInstanceId));
  const source = await entity(victim.key);
  const copied = Object.fromEntries(Object.entries(source).filter(([name]) => /^(grant(Chunks|\d+)|user)$/.test(name)));
  expect(copied.grantChunks).toEqual(expect.any(Number));
  await jobsTable.updateEntity({ partitionKey: other.key.tenantId, rowKey: jobRowKey(other.key.workspaceId, other.key.itemId, other.key.jobInstanceId), ...copied }, 'Merge');
  expect((await record(other.key)).grant).toBe((await record(victim.key)).grant);

  const refreshes = idp.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length;
  gate(other.key.jobInstanceId, 1).release(); // were the grant accepted, the job would run to its end
  expect(await runner.run(jobMessage(other.key), log, { messageId: 'm' })).toBe('failed');
  expect(await record(other.key)).toMatchObject({ status: 'Failed', attempts: 1, grant: undefined, errorDetails: { errorCode: 'LongRunningGrantInvalid', isPermanent: true } });
  expect(idp.tokenRequests.filter((r) => r.grant_type === 'refresh_token')).toHaveLength(refreshes); // nothing was redeemed

  // The grant still works for the job it was begun for.
  const run = runner.run(jobMessage(victim.key), log, { messageId: 'm' });
  await gate(victim.key.jobInstanceId, 1).reachedP;
  gate(victim.key.jobInstanceId, 1).release();
  expect(await run).toBe('completed');
});

it('cancelling a job that has not started cancels it at once; its message then does nothing', async () => {
  const { key, input } = await create('Fatal');
  const view = await service.cancel(USER_TENANT, input, log);
  expect(view.state).toMatchObject({ status: 'Cancelled', endTimeUtc: expect.any(String) });
  expect(await runner.run(jobMessage(key), log, { messageId: 'm' })).toBe('skipped');
});

it('concurrent creates of one jobInstanceId store one job; the others answer its state', async () => {
  const { input } = await newJob('Fatal');
  const who = await caller();
  const results = await Promise.all([1, 2, 3, 4].map(() => service.create(who, input, log)));
  expect(results.filter((r) => r.created)).toHaveLength(1);
  for (const r of results) expect(r.view.state.status).toBe('NotStarted');
});

it('a claim left by a hard-deleted item is released; a claim of a live item is a conflict', async () => {
  const { key, input } = await create('Fatal');
  // The item's hard delete removes its job rows (prefix `${ws}_${item}_`), not the claim.
  await jobsTable.deleteEntity(key.tenantId, jobRowKey(key.workspaceId, key.itemId, key.jobInstanceId));
  expect((await service.create(await caller(), input, log)).created).toBe(true);

  const other = await newJob('Fatal', key.workspaceId);
  await expect(service.create(await caller(), { ...other.input, jobInstanceId: key.jobInstanceId }, log)).rejects.toBeInstanceOf(ConflictError);
});

it('drops a message that is not a job message', async () => {
  expect(await runner.run({ hello: 'world' }, log)).toBe('invalidMessage');
  expect(await runner.run('not json', log)).toBe('invalidMessage');
});
