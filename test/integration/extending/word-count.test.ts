/**
 * The registry serves any item type: the test-only WordCount type (test/fixtures/word-count, docs/extending.md) is
 * added to the app through createApp's itemTypes override, and goes create → job → status → data-plane read through
 * the same route handlers and pre-handlers the functions use, on the real parts (local Entra ID, local Fabric API,
 * Azurite for tables, the queue and OneLake).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { BlobServiceClient } from '@azure/storage-blob';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { fabricHeaders, frontendToken, type WorkloadIdentity } from '../../../devtools/local-entra/fabric-tokens';
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { startLocalFabricApi, type LocalFabricApi } from '../../../devtools/local-fabric-api/server';
import { createApp, type App } from '../../../src/app';
import { controlPlaneWith, dataPlaneWith } from '../../../src/auth/inbound';
import { defineItemType } from '../../../src/catalog';
import { loadConfig } from '../../../src/config/config';
import { DATA_PLANE_SCOPES, getItemRead } from '../../../src/data-plane';
import type { HttpHandler } from '../../../src/http/handler';
import { createToolkitRoutes } from '../../../src/items/toolkit-routes';
import { toolkitRoutes } from '../../../src/jobs/http-routes';
import { runJobHandler } from '../../../src/jobs/queue-handlers';
import { ITEM_TYPES } from '../../../src/workload/item-types';
import { TEXT_PART, wordCountItemType } from '../../fixtures/word-count/item-type';
import { createWorkspace } from '../jobs/support/onelake';
import { tls } from '../tokens/support';

const WORKLOAD_NAME = 'Org.Extending';
const WORD_COUNT = `${WORKLOAD_NAME}.WordCount`;
const publisherTenantId = randomUUID();
const workload: WorkloadIdentity = { publisherTenantId, backendAppId: randomUUID(), backendAudience: `api://localdevinstance/${publisherTenantId}/${WORKLOAD_NAME}` };
const user = { tenantId: randomUUID(), oid: randomUUID(), name: 'Word Counter', upn: 'counter@contoso.local' };
const queueName = `jobs-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
/** A read that needs more than Read, to check declared permissions. */
const auditedType = defineItemType({ name: 'Audited', reads: { secret: { permissions: ['Write'], read: () => ({ secret: true }) } } });

let idp: LocalEntra;
let fabric: LocalFabricApi;
let app: App;
let handlers: Record<'onCreateItem' | 'createJob' | 'jobStatus' | 'read', HttpHandler>;
let runJob: ReturnType<typeof runJobHandler>;
const logs: string[] = [];

beforeAll(async () => {
  const secret = randomBytes(24).toString('base64url');
  idp = await startLocalEntra({ tls: tls(), clients: { [workload.backendAppId]: secret } });
  fabric = await startLocalFabricApi({ tls: tls(), jwksUri: `${idp.origin}/common/discovery/v2.0/keys`, workloadAppId: workload.backendAppId, publisherTenantId });
  const config = loadConfig({
    TENANT_ID: publisherTenantId,
    BACKEND_APPID: workload.backendAppId,
    BACKEND_AUDIENCE: workload.backendAudience,
    BACKEND_CLIENT_SECRET: secret,
    ENTRA_AUTHORITY_HOST: idp.origin,
    AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
    WORKLOAD_NAME,
    AzureWebJobsStorage: process.env.AZURITE_CONNECTION_STRING,
    ONELAKE_ENDPOINT: process.env.AZURITE_BLOB_ENDPOINT,
    JOBS_QUEUE_NAME: queueName,
    FABRIC_API_BASE_URL: fabric.baseUrl,
  });
  app = createApp(config, { itemTypes: [...ITEM_TYPES, wordCountItemType, auditedType] });
  const items = createToolkitRoutes(() => app.items);
  const jobs = toolkitRoutes(() => app.jobs);
  handlers = {
    onCreateItem: controlPlaneWith(app.inboundAuth, { subjectToken: 'required' }, items.onCreateItem),
    createJob: controlPlaneWith(app.inboundAuth, { subjectToken: 'required' }, jobs.create),
    jobStatus: controlPlaneWith(app.inboundAuth, { subjectToken: 'optional' }, jobs.status),
    read: dataPlaneWith(app.inboundAuth, { scopes: DATA_PLANE_SCOPES.read }, getItemRead({ fabric: () => app.fabricApi, items: () => app.items, registry: () => app.registry })),
  };
  runJob = runJobHandler(() => app.runner);
}, 30_000);

afterAll(async () => {
  app?.close();
  await fabric?.stop();
  await idp?.stop();
  expect(logs.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
});

function context(): InvocationContext {
  return new InvocationContext({ invocationId: randomUUID(), logHandler: (level, ...args) => logs.push(`${level} ${args.join(' ')}`) });
}

async function send(handler: HttpHandler, path: string, params: Record<string, string>, options: { headers: Record<string, string>; body?: unknown; method?: string }) {
  const req = new HttpRequest({ method: options.method ?? 'POST', url: `https://localhost/api/${path}`, headers: options.headers, params, ...(options.body === undefined ? {} : { body: { string: JSON.stringify(options.body) } }) });
  const res = await handler(req, context());
  return { status: res.status ?? 200, body: res.jsonBody as Record<string, unknown> };
}

interface Item {
  readonly workspaceId: string;
  readonly itemId: string;
  readonly itemType: string;
}

const definitionOf = (content: unknown) => ({ parts: [{ path: TEXT_PART, payload: Buffer.from(JSON.stringify(content)).toString('base64'), payloadType: 'InlineBase64' }] });
const itemPath = (i: Item) => `workspaces/${i.workspaceId}/items/${i.itemType}/${i.itemId}`;

async function control(handler: HttpHandler, item: Item, suffix: string, body: unknown) {
  return send(handler, `${itemPath(item)}/${suffix}`, { ...item }, { headers: await fabricHeaders(idp, workload, user), body });
}

async function read(item: Item, name: string, scopes: readonly string[] = ['Item.Read.All']) {
  const headers = { authorization: `Bearer ${await frontendToken(idp, workload, user, scopes)}` };
  return send(handlers.read, `${itemPath(item)}/reads/${name}`, { ...item, read: name }, { method: 'GET', headers });
}

async function createItem(itemType: string, content: unknown): Promise<Item> {
  const item = { workspaceId: randomUUID(), itemId: randomUUID(), itemType };
  await createWorkspace(item.workspaceId);
  const created = await control(handlers.onCreateItem, item, 'OnCreateItem', content === undefined ? {} : { definition: definitionOf(content) });
  expect(created).toEqual({ status: 200, body: {} });
  return item;
}

/** Delivers the queued job messages to the runner as the queue trigger does (base64 decoded, id, dequeue count). */
async function runQueuedJobs(): Promise<void> {
  const queue = new QueueClient(process.env.AZURITE_CONNECTION_STRING!, queueName);
  const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
  for (const m of receivedMessageItems) {
    const ctx = new InvocationContext({ invocationId: randomUUID(), triggerMetadata: { id: m.messageId, dequeueCount: m.dequeueCount }, logHandler: (level, ...args) => logs.push(`${level} ${args.join(' ')}`) });
    await runJob(Buffer.from(m.messageText, 'base64').toString('utf8'), ctx);
    await queue.deleteMessage(m.messageId, m.popReceipt);
  }
}

async function oneLakeFile(item: Item, path: string): Promise<unknown> {
  const blob = BlobServiceClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!).getContainerClient(item.workspaceId).getBlockBlobClient(`${item.itemId}/${path}`);
  return JSON.parse((await blob.downloadToBuffer()).toString('utf8'));
}

it('create → job → status → data-plane read, for a type the deployed workload does not have', async () => {
  const item = await createItem(WORD_COUNT, { text: 'the quick  brown fox\njumps over\tthe lazy dog ' });
  const jobInstanceId = randomUUID();
  const jobType = `${WORD_COUNT}.Count`;

  const created = await control(handlers.createJob, item, 'jobs/onCreateJobInstance', { jobType, jobInstanceId, executionData: { delayMs: 10 } });
  expect(created).toMatchObject({ status: 201, body: { status: 'NotStarted' } });
  await runQueuedJobs();
  const status = await control(handlers.jobStatus, item, 'jobs/onGetJobInstanceStatus', { jobType, jobInstanceId });
  expect(status).toMatchObject({ status: 200, body: { status: 'Completed' } });
  expect(await oneLakeFile(item, `Files/word-counts/${jobInstanceId}.json`)).toEqual({ words: 9 });

  fabric.setPermissions(item.itemId, user.oid, ['Read']);
  expect(await read(item, 'summary')).toEqual({ status: 200, body: { words: 9 } });
  expect(await read(item, 'summary', ['Item.ReadWrite.All'])).toEqual({ status: 200, body: { words: 9 } });
});

it('the catalog helpers answer bad input: the definition at create, executionData at job create, the content in the job', async () => {
  const bad = { workspaceId: randomUUID(), itemId: randomUUID(), itemType: WORD_COUNT };
  expect(await control(handlers.onCreateItem, bad, 'OnCreateItem', { definition: definitionOf({ text: 3 }) })).toMatchObject({ status: 400, body: { errorCode: 'InvalidItemPayload', message: 'text.json must be {"text": "…"}' } });

  const item = await createItem(WORD_COUNT, undefined);
  const jobType = `${WORD_COUNT}.Count`;
  const tooLong = await control(handlers.createJob, item, 'jobs/onCreateJobInstance', { jobType, jobInstanceId: randomUUID(), executionData: { delayMs: 5001 } });
  expect(tooLong).toMatchObject({ status: 400, body: { errorCode: 'InvalidExecutionData', message: 'executionData.delayMs must be a whole number from 0 to 5000' } });

  const jobInstanceId = randomUUID();
  expect((await control(handlers.createJob, item, 'jobs/onCreateJobInstance', { jobType, jobInstanceId })).status).toBe(201);
  await runQueuedJobs();
  const status = await control(handlers.jobStatus, item, 'jobs/onGetJobInstanceStatus', { jobType, jobInstanceId });
  expect(status).toMatchObject({ status: 200, body: { status: 'Failed', errorDetails: { errorCode: 'InvalidItemDefinition', source: 'User', isPermanent: true, message: 'The WordCount definition needs the part text.json' } } });
});

describe('GET workspaces/{workspaceId}/items/{itemType}/{itemId}/reads/{read}', () => {
  it('answers only the reads the item type declares, and only for items of that type', async () => {
    const calculator = await createItem(`${WORKLOAD_NAME}.Calculator`, undefined);
    const words = await createItem(WORD_COUNT, { text: 'one two' });
    for (const i of [calculator, words]) fabric.setPermissions(i.itemId, user.oid, ['Read']);
    const asked = fabric.requests.length;
    for (const [i, name] of [[calculator, 'summary'], [words, 'secret'], [words, 'constructor'], [words, '__proto__']] as const) {
      expect(await read(i, name)).toMatchObject({ status: 404, body: { errorCode: 'UnknownRead', source: 'User' } });
    }
    expect(fabric.requests.length).toBe(asked);
    expect(await read({ ...calculator, itemType: 'Org.Other.WordCount' }, 'summary')).toMatchObject({ status: 400, body: { errorCode: 'UnknownItemType' } });
    expect(await read({ ...calculator, itemType: WORD_COUNT }, 'summary')).toMatchObject({ status: 404, body: { errorCode: 'ItemNotFound' } });
    expect(await read(words, 'summary')).toEqual({ status: 200, body: { words: 2 } });
  });

  it('asks Fabric first: Read, then the read’s declared permissions; a missing item is 404 only to a reader', async () => {
    const [writer, reader, both] = [await createItem(`${WORKLOAD_NAME}.Audited`, undefined), await createItem(`${WORKLOAD_NAME}.Audited`, undefined), await createItem(`${WORKLOAD_NAME}.Audited`, undefined)];
    fabric.setPermissions(writer.itemId, user.oid, ['Write']);
    fabric.setPermissions(reader.itemId, user.oid, ['Read']);
    fabric.setPermissions(both.itemId, user.oid, ['Read', 'Write']);
    expect(await read(writer, 'secret')).toMatchObject({ status: 403, body: { errorCode: 'AccessDenied', messageParameters: ['Read'] } });
    expect(await read(reader, 'secret')).toMatchObject({ status: 403, body: { errorCode: 'AccessDenied', messageParameters: ['Write'] } });
    expect(await read(both, 'secret')).toEqual({ status: 200, body: { secret: true } });

    const other = { ...both, itemId: randomUUID() };
    fabric.setPermissions(other.itemId, user.oid, ['Read', 'Write']);
    expect(await read(other, 'secret')).toMatchObject({ status: 404, body: { errorCode: 'ItemNotFound' } });
  });

  it('needs a data-plane scope and GUIDs', async () => {
    const item = await createItem(WORD_COUNT, { text: 'x' });
    expect(await read(item, 'summary', ['Other.Scope'])).toMatchObject({ status: 403, body: { errorCode: 'InsufficientScope' } });
    expect(await read({ ...item, itemId: 'not-a-guid' }, 'summary')).toMatchObject({ status: 400, body: { errorCode: 'InvalidItemId' } });
  });
});
