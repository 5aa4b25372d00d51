/**
 * The table-entity helper against the run's Azurite: missing, existing, stale and gone entities become outcomes;
 * chunked values survive the wire; a job row in the older text layout still reads through the job store.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { TableJobStore } from '../../../src/jobs/table-job-store';
import { toEntity as jobEntity } from '../../../src/jobs/job-entity';
import type { JobRecord } from '../../../src/jobs/job-record';
import { CHUNK_BYTES, deleteEntity, insertEntity, readChunkedText, readChunks, readEntity, replaceEntity, writeChunks } from '../../../src/storage/table-entity';

const CS = process.env.AZURITE_CONNECTION_STRING!;
let table: TableClient;

beforeAll(async () => {
  table = TableClient.fromConnectionString(CS, `entities${randomUUID().replace(/-/g, '').slice(0, 12)}`);
  await table.createTable();
});

const key = () => ({ partitionKey: randomUUID(), rowKey: randomUUID() });

it('reads a missing entity as undefined and inserts only once', async () => {
  const k = key();
  expect(await readEntity(table, k.partitionKey, k.rowKey)).toBeUndefined();
  expect(await insertEntity(table, { ...k, v: 1 })).toBe('inserted');
  expect(await insertEntity(table, { ...k, v: 2 })).toBe('exists');
  expect(await readEntity(table, k.partitionKey, k.rowKey)).toMatchObject({ ...k, v: 1 });
});

it('replaces on the current ETag only: stale after another write, missing once deleted', async () => {
  const k = key();
  await insertEntity(table, { ...k, v: 1 });
  const first = (await readEntity(table, k.partitionKey, k.rowKey))!;
  const replaced = await replaceEntity(table, { ...k, v: 2 }, first.etag);
  expect(replaced).toMatchObject({ outcome: 'replaced' });
  const second = (await readEntity(table, k.partitionKey, k.rowKey))!;
  expect(replaced.outcome === 'replaced' && replaced.etag).toBe(second.etag);
  expect(second.v).toBe(2);
  expect(await replaceEntity(table, { ...k, v: 3 }, first.etag)).toEqual({ outcome: 'stale' });
  expect(await deleteEntity(table, { ...k, etag: first.etag })).toBe('stale');
  expect(await deleteEntity(table, { ...k, etag: second.etag })).toBe('deleted');
  expect(await replaceEntity(table, { ...k, v: 4 }, second.etag)).toEqual({ outcome: 'missing' });
  expect(await deleteEntity(table, k)).toBe('missing');
});

it('stores chunked bytes as binary properties that read back exactly', async () => {
  const k = key();
  const bytes = Buffer.alloc(2 * CHUNK_BYTES + 7, 0xab);
  const props: Record<string, unknown> = {};
  writeChunks(props, 'blob', bytes);
  await insertEntity(table, { ...k, ...props });
  const stored = (await readEntity(table, k.partitionKey, k.rowKey))!;
  expect(stored.blobChunks).toBe(3);
  expect(readChunks(stored, 'blob')?.equals(bytes)).toBe(true);
});

it('reads a job row written in the older text layout', async () => {
  const record: JobRecord = {
    tenantId: randomUUID(),
    workspaceId: randomUUID(),
    itemId: randomUUID(),
    jobInstanceId: randomUUID(),
    itemType: 'Org.X.Calculator',
    jobType: 'Org.X.Calculator.Calculate',
    invokeType: 'Manual',
    createdUtc: '2026-01-01T00:00:00.000Z',
    timeoutSeconds: 540,
    status: 'InProgress',
    attempts: 1,
    grant: 'g'.repeat(45_000),
    definitionSnapshot: { parts: [{ path: 'definition.json', payload: 'A'.repeat(31_000), payloadType: 'InlineBase64' }] },
  };
  const { grantChunks: _g, grant0: _g0, definitionSnapshotChunks: _d, definitionSnapshot0: _d0, ...rest } = jobEntity(record);
  const snapshot = JSON.stringify(record.definitionSnapshot);
  const legacy = {
    ...rest,
    grantChunks: 2,
    grant0: record.grant!.slice(0, 30_000),
    grant1: record.grant!.slice(30_000),
    definitionSnapshotChunks: 2,
    definitionSnapshot0: snapshot.slice(0, 30_000),
    definitionSnapshot1: snapshot.slice(30_000),
  };
  await table.createEntity(legacy);
  const stored = await new TableJobStore(async () => table).get(record);
  expect(stored?.record).toEqual(record);
  expect(readChunkedText((await readEntity(table, legacy.partitionKey, legacy.rowKey))!, 'grant')).toBe(record.grant);
});
