/**
 * The item service on the real Table store (the run's Azurite, a unique table per file): idempotency, conflicts,
 * PATCH semantics, concurrency, soft delete / restore / retention, hard delete with job records, tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { createStorageClients } from '../../../src/storage/clients';
import { ItemService, type ItemRef } from '../../../src/items/service';
import { TableItemStore } from '../../../src/items/store';
import { claimRowKey } from '../../../src/jobs/job-entity';
import type { JobRecord } from '../../../src/jobs/job-record';
import { TableJobStore } from '../../../src/jobs/table-job-store';
import type { ItemKey, JsonObject, StoredItem } from '../../../src/catalog/item';
import { InvalidItemPayloadError } from '../../../src/catalog';
import { createItemTypeRegistry, defineItemType, type ItemTypeRegistry } from '../../../src/catalog';
import { calculatorItemType } from '../../../src/workload/calculator';
import { createLogger } from '../../../src/observability/logger';

const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
const storage = createStorageClients({ connectionString: process.env.AZURITE_CONNECTION_STRING! });
const itemsTable = () => storage.getTableClient(`items${suffix}`);
const jobsTable = () => storage.getTableClient(`jobs${suffix}`);
const silent = { log() {}, warn() {}, error() {} };
const log = createLogger(silent);
const actor = { oid: randomUUID(), name: 'Ada' };
const ctx = { actor, log };

const hookCalls: string[] = [];
const notesType = defineItemType({
  name: 'Notes',
  validatePayload: (p) => {
    if ('forbidden' in p) throw new InvalidItemPayloadError('forbidden is not allowed');
  },
  onCreate: async (item) => void hookCalls.push(`create:${item.key.itemId}`),
  onUpdate: async ({ after }) => void hookCalls.push(`update:${after.key.itemId}`),
  onDelete: async (item, type) => void hookCalls.push(`delete${type}:${item.key.itemId}`),
  onRestore: async (item) => void hookCalls.push(`restore:${item.key.itemId}`),
});
const registry: ItemTypeRegistry = createItemTypeRegistry('Org.Test', [notesType, calculatorItemType]);
const NOTES = registry.require('Org.Test.Notes');
const CALC = registry.require('Org.Test.Calculator');

const jobStore = new TableJobStore(jobsTable);

let clock = new Date('2025-01-01T00:00:00.000Z');
const service: ItemService = new ItemService({
  store: new TableItemStore(itemsTable),
  registry,
  purgeRelated: async (key) => void (await jobStore.deleteItemJobs(key)),
  retentionDays: 30,
  clock: { now: () => clock.getTime() },
});

const newKey = (tenantId = randomUUID(), workspaceId = randomUUID()): ItemKey => ({ tenantId, workspaceId, itemId: randomUUID() });
const ref = (key: ItemKey, type = NOTES): ItemRef => ({ key, itemType: type });
async function raw(key: ItemKey): Promise<Record<string, unknown> | undefined> {
  const t = await itemsTable();
  try {
    return await t.getEntity(key.tenantId, `${key.workspaceId}_${key.itemId}`);
  } catch {
    return undefined;
  }
}
const stored = async (key: ItemKey): Promise<StoredItem | undefined> => (await new TableItemStore(itemsTable).read(key))?.item;
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { errorCode?: string }) => e.errorCode ?? String(e));

beforeEach(() => {
  clock = new Date(clock.getTime() + 60_000);
});

describe('create', () => {
  it('stores name, description, payload, type, creator and timestamps', async () => {
    const key = newKey();
    expect(await service.create(ref(key), { displayName: 'N', description: 'D', payload: { a: 1 } }, ctx)).toBe('created');
    expect(await stored(key)).toEqual({ key, itemType: 'Org.Test.Notes', displayName: 'N', description: 'D', payload: { a: 1 }, createdAt: clock, createdBy: actor, updatedAt: clock, updatedBy: actor });
    expect(hookCalls).toContain(`create:${key.itemId}`);
  });

  it('is a no-op when repeated with the same content (key order does not matter), and 409 when different', async () => {
    const key = newKey();
    await service.create(ref(key), { displayName: 'N', payload: { a: 1, b: 2 } }, ctx);
    const before = await raw(key);
    expect(await service.create(ref(key), { displayName: 'N', payload: { b: 2, a: 1 } }, ctx)).toBe('unchanged');
    expect(await raw(key)).toEqual(before);
    expect(await code(service.create(ref(key), { displayName: 'Other', payload: { a: 1, b: 2 } }, ctx))).toBe('ItemAlreadyExists');
    expect(await code(service.create(ref(key, CALC), {}, ctx))).toBe('ItemAlreadyExists');
    expect(await raw(key)).toEqual(before);
  });

  it('concurrent duplicate creates: one creates, the rest are no-ops', async () => {
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 6 }, () => service.create(ref(key), { displayName: 'Same' }, ctx)));
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(results.filter((r) => r === 'unchanged')).toHaveLength(5);
  });

  it('validates content with the item type (Calculator) and stores nothing on rejection', async () => {
    const key = newKey();
    expect(await code(service.create(ref(key, CALC), { displayName: 'c', payload: { operand1: 1, operand2: 2, operator: 'pow' } }, ctx))).toBe('InvalidItemPayload');
    expect(await raw(key)).toBeUndefined();
  });
});

describe('update', () => {
  it('has PATCH semantics: absent fields keep their value, updatePayload merges', async () => {
    const key = newKey();
    await service.create(ref(key), { displayName: 'N', description: 'D', payload: { a: 1, nested: { x: 1, y: 2 } } }, ctx);
    const created = await stored(key);
    const editor = { oid: randomUUID() };
    expect(await service.update(ref(key), { payloadPatch: { nested: { y: null, z: 3 }, b: 'new' } }, { actor: editor, log })).toBe('updated');
    const after = await stored(key);
    expect(after).toEqual({ ...created, payload: { a: 1, nested: { x: 1, z: 3 }, b: 'new' }, updatedAt: clock, updatedBy: editor });
    expect(after?.createdAt).toEqual(created?.createdAt);
  });

  it('an update that changes nothing writes nothing', async () => {
    const key = newKey();
    await service.create(ref(key), { displayName: 'N', payload: { a: 1 } }, ctx);
    const before = await raw(key);
    expect(await service.update(ref(key), { displayName: 'N', payloadPatch: { a: 1 } }, ctx)).toBe('unchanged');
    expect(await service.update(ref(key), {}, ctx)).toBe('unchanged');
    expect(await raw(key)).toEqual(before);
  });

  it('validates the merged payload and leaves the stored item unchanged on rejection', async () => {
    const key = newKey();
    await service.create(ref(key, CALC), { payload: { operand1: 1, operand2: 2, operator: 'add' } }, ctx);
    const before = await raw(key);
    expect(await code(service.update(ref(key, CALC), { payloadPatch: { operator: 'pow' } }, ctx))).toBe('InvalidItemPayload');
    expect(await code(service.update(ref(key, CALC), { payloadPatch: { operand1: null } }, ctx))).toBe('InvalidItemPayload');
    expect(await code(service.update(ref(key), { payloadPatch: { forbidden: 1 } }, ctx))).toBe('ItemTypeMismatch');
    expect(await raw(key)).toEqual(before);
    expect(await service.update(ref(key, CALC), { payloadPatch: { operand1: 10 } }, ctx)).toBe('updated');
    expect((await stored(key))?.payload).toEqual({ operand1: 10, operand2: 2, operator: 'add' });
  });

  it('answers 404 for unknown and soft-deleted items', async () => {
    const key = newKey();
    expect(await code(service.update(ref(key), { displayName: 'x' }, ctx))).toBe('ItemMetadataNotFound');
    await service.create(ref(key), { displayName: 'N' }, ctx);
    await service.delete(ref(key), 'Soft', ctx);
    expect(await code(service.update(ref(key), { displayName: 'x' }, ctx))).toBe('ItemMetadataNotFound');
  });

  it('N concurrent updates of different fields all survive (ETag + re-apply)', async () => {
    const key = newKey();
    await service.create(ref(key), { displayName: 'N', payload: {} }, ctx);
    const n = 10;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => service.update(ref(key), { payloadPatch: { [`field${i}`]: i } }, ctx)));
    expect(results).toEqual(Array(n).fill('updated'));
    expect((await stored(key))?.payload).toEqual(Object.fromEntries(Array.from({ length: n }, (_, i) => [`field${i}`, i])));
  });

  it('gives up with a retryable 409 after the attempt budget, never losing a write silently', async () => {
    const key = newKey();
    await service.create(ref(key), { displayName: 'N', payload: {} }, ctx);
    const impatient = new ItemService({ store: new TableItemStore(itemsTable), registry, purgeRelated: async () => undefined, retentionDays: 30, maxUpdateAttempts: 1 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => impatient.update(ref(key), { payloadPatch: { [`f${i}`]: i } }, ctx).catch((e: { errorCode: string; isPermanent: boolean; status: number }) => e)));
    const payload = (await stored(key))?.payload as JsonObject;
    results.forEach((r, i) => {
      if (r === 'updated') expect(payload[`f${i}`]).toBe(i);
      else expect(r).toMatchObject({ status: 409, errorCode: 'ItemUpdateConflict', isPermanent: false });
    });
    expect(results.filter((r) => r === 'updated').length).toBeGreaterThanOrEqual(1);
  });
});

describe('soft delete, restore, retention', () => {
  it('soft delete keeps everything; restore brings it back exactly', async () => {
    const key = newKey();
    await service.create(ref(key, CALC), { displayName: 'C', description: 'd', payload: { operand1: 1, operand2: 2, operator: 'add' } }, ctx);
    const before = await stored(key);
    expect(await service.delete(ref(key, CALC), 'Soft', ctx)).toBe('softDeleted');
    expect(await stored(key)).toEqual({ ...before, deletedAt: clock });
    expect(await service.get(key.tenantId, key.workspaceId, key.itemId)).toBeUndefined();
    expect(await code(service.getPayload(ref(key, CALC)))).toBe('ItemMetadataNotFound');
    expect(await service.delete(ref(key, CALC), 'Soft', ctx)).toBe('unchanged');
    expect(await service.restore(ref(key, CALC), ctx)).toBe('restored');
    expect(await stored(key)).toEqual(before);
    expect(await service.restore(ref(key, CALC), ctx)).toBe('unchanged');
    expect(await service.getPayload(ref(key, CALC))).toEqual({ operand1: 1, operand2: 2, operator: 'add' });
  });

  it('restore is refused for unknown, hard-deleted and expired items (the expired one is purged)', async () => {
    const unknown = newKey();
    expect(await code(service.restore(ref(unknown), ctx))).toBe('ItemNotRestorable');
    const hard = newKey();
    await service.create(ref(hard), { displayName: 'h' }, ctx);
    expect(await service.delete(ref(hard), 'Hard', ctx)).toBe('hardDeleted');
    expect(await code(service.restore(ref(hard), ctx))).toBe('ItemNotRestorable');
    const expired = newKey();
    await service.create(ref(expired), { displayName: 'e' }, ctx);
    await service.delete(ref(expired), 'Soft', ctx);
    clock = new Date(clock.getTime() + 30 * 24 * 3600 * 1000);
    expect(await code(service.restore(ref(expired), ctx))).toBe('ItemNotRestorable');
    expect(await raw(expired)).toBeUndefined();
  });

  it('a restore just inside the retention still works', async () => {
    const key = newKey();
    await service.create(ref(key), { displayName: 'x' }, ctx);
    await service.delete(ref(key), 'Soft', ctx);
    clock = new Date(clock.getTime() + 30 * 24 * 3600 * 1000 - 1);
    expect(await service.restore(ref(key), ctx)).toBe('restored');
  });

  it('purgeExpired hard-deletes soft-deleted items past retention only', async () => {
    const old = newKey();
    const fresh = newKey();
    const live = newKey();
    await service.create(ref(old), { displayName: 'o' }, ctx);
    await service.create(ref(fresh), { displayName: 'f' }, ctx);
    await service.create(ref(live), { displayName: 'l' }, ctx);
    await service.delete(ref(old), 'Soft', ctx);
    clock = new Date(clock.getTime() + 20 * 24 * 3600 * 1000);
    await service.delete(ref(fresh), 'Soft', ctx);
    clock = new Date(clock.getTime() + 11 * 24 * 3600 * 1000);
    expect(await service.purgeExpired({ log })).toBeGreaterThanOrEqual(1);
    expect(await raw(old)).toBeUndefined();
    expect((await stored(fresh))?.deletedAt).toBeDefined();
    expect(await stored(live)).toBeDefined();
  });

  it('purgeExpired skips and logs a stored row whose ids are not GUIDs: they never reach the job-records filter', async () => {
    const tenantId = randomUUID();
    const workspaceId = randomUUID();
    const expired = newKey(tenantId, workspaceId);
    const sibling = newKey(tenantId, workspaceId);
    const jobs: TableClient = await jobsTable();
    await jobs.createEntity({ partitionKey: tenantId, rowKey: `${sibling.workspaceId}_${sibling.itemId}_${randomUUID()}` });
    await service.create(ref(expired), { displayName: 'e' }, ctx);
    await service.delete(ref(expired), 'Soft', ctx);
    // With storage write access, a copy of the soft-deleted row whose itemId is an OData injection.
    const injectedItemId = "x' or RowKey ne '";
    const { etag: _etag, timestamp: _timestamp, ...entity } = (await raw(expired))! as Record<string, unknown>;
    const items: TableClient = await itemsTable();
    await items.createEntity({ ...entity, partitionKey: tenantId, rowKey: `${workspaceId}_${injectedItemId}`, itemId: injectedItemId });
    clock = new Date(clock.getTime() + 31 * 24 * 3600 * 1000);

    const lines: string[] = [];
    const capture = createLogger({ log: (l: string) => lines.push(l), warn: (l: string) => lines.push(`warn ${l}`), error: (l: string) => lines.push(`error ${l}`) });
    await service.purgeExpired({ log: capture });

    const left: string[] = [];
    for await (const e of jobs.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenantId}'` } })) left.push(e.rowKey!);
    expect(left).toHaveLength(1); // the sibling's job record survives
    expect(await raw(expired)).toBeUndefined(); // the genuine expired item is purged all the same
    expect(await items.getEntity(tenantId, `${workspaceId}_${injectedItemId}`)).toMatchObject({ itemId: injectedItemId }); // skipped, left for an operator
    expect(lines.filter((l) => l.startsWith('warn Skipped a soft-deleted item whose stored ids are not GUIDs'))).toHaveLength(1);
  });
});

describe('hard delete', () => {
  it('removes the item and its job records (only its own), and is idempotent', async () => {
    const key = newKey();
    const sibling = { ...key, itemId: randomUUID() };
    await service.create(ref(key), { displayName: 'x' }, ctx);
    const jobs: TableClient = await jobsTable();
    for (const rk of [`${key.workspaceId}_${key.itemId}_a`, `${key.workspaceId}_${key.itemId}_b`, `${sibling.workspaceId}_${sibling.itemId}_a`]) await jobs.createEntity({ partitionKey: key.tenantId, rowKey: rk });
    await jobs.createEntity({ partitionKey: randomUUID(), rowKey: `${key.workspaceId}_${key.itemId}_a` });
    expect(await service.delete(ref(key), 'Hard', ctx)).toBe('hardDeleted');
    expect(await raw(key)).toBeUndefined();
    const left: string[] = [];
    for await (const e of jobs.listEntities({ queryOptions: { filter: `PartitionKey eq '${key.tenantId}'` } })) left.push(e.rowKey!);
    expect(left).toEqual([`${sibling.workspaceId}_${sibling.itemId}_a`]);
    expect(await service.delete(ref(key), 'Hard', ctx)).toBe('unchanged');
    expect(await service.delete(ref(newKey()), 'Soft', ctx)).toBe('unchanged');
    expect(hookCalls).toContain(`deleteHard:${key.itemId}`);
  });

  it('removes the jobInstanceId claims of its jobs, not the claims of another item\'s jobs', async () => {
    const key = newKey();
    const sibling = { ...key, itemId: randomUUID() };
    await service.create(ref(key), { displayName: 'x' }, ctx);
    const job = (item: ItemKey): JobRecord => ({
      ...item,
      jobInstanceId: randomUUID(),
      itemType: NOTES.fullName,
      jobType: `${NOTES.fullName}.Run`,
      invokeType: 'Manual',
      createdUtc: clock.toISOString(),
      timeoutSeconds: 60,
      status: 'NotStarted',
      attempts: 0,
    });
    const own = [job(key), job(key)];
    const other = job(sibling);
    for (const j of [...own, other]) await jobStore.create(j);
    expect(await service.delete(ref(key), 'Hard', ctx)).toBe('hardDeleted');
    const claims: string[] = [];
    const jobs: TableClient = await jobsTable();
    for await (const e of jobs.listEntities({ queryOptions: { filter: `PartitionKey eq '${key.tenantId}' and RowKey ge 'jobid_' and RowKey lt 'jobid\`'` } })) claims.push(e.rowKey!);
    expect(claims).toEqual([claimRowKey(other.jobInstanceId)]);
    for (const j of own) expect(await jobStore.get(j)).toBeUndefined();
    expect(await jobStore.get(other)).toBeDefined();
  });

  it('a delete naming the wrong item type is refused and deletes nothing', async () => {
    const key = newKey();
    await service.create(ref(key), { displayName: 'x' }, ctx);
    expect(await code(service.delete(ref(key, CALC), 'Hard', ctx))).toBe('ItemTypeMismatch');
    expect(await raw(key)).toBeDefined();
  });
});

describe('tenant isolation', () => {
  it("another tenant cannot read, change, delete or restore a tenant's item with the same ids", async () => {
    const a = newKey();
    const b: ItemKey = { ...a, tenantId: randomUUID() };
    await service.create(ref(a, CALC), { displayName: 'A', payload: { operand1: 1, operand2: 2, operator: 'add' } }, ctx);
    const before = await raw(a);
    expect(await service.get(b.tenantId, b.workspaceId, b.itemId)).toBeUndefined();
    expect(await code(service.getPayload(ref(b, CALC)))).toBe('ItemMetadataNotFound');
    expect(await code(service.update(ref(b, CALC), { displayName: 'B' }, ctx))).toBe('ItemMetadataNotFound');
    expect(await service.delete(ref(b, CALC), 'Soft', ctx)).toBe('unchanged');
    expect(await service.delete(ref(b, CALC), 'Hard', ctx)).toBe('unchanged');
    expect(await code(service.restore(ref(b, CALC), ctx))).toBe('ItemNotRestorable');
    expect(await service.create(ref(b, CALC), { displayName: 'B' }, ctx)).toBe('created');
    expect(await raw(a)).toEqual(before);
    expect((await service.get(a.tenantId, a.workspaceId.toUpperCase(), a.itemId.toUpperCase()))?.displayName).toBe('A');
  });

  it('get() requires GUIDs', async () => {
    await expect(service.get('t', 'w', 'i')).rejects.toMatchObject({ status: 400 });
  });
});
