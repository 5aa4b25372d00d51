/**
 * What every Table Storage store needs (the item store and the job store both use it):
 * - chunking: a value larger than one property may hold (64 KiB) is split over numbered binary properties,
 *   `<name>Chunks` (the count) and `<name>0` … `<name>{n-1}`, each ≤ 64 KiB. Binary costs 1 byte per byte; a
 *   string would cost 2 per UTF-16 unit. Job rows written before this layout hold text parts (strings of ≤ 30,000
 *   UTF-16 units under the same names): readChunkedText still reads them.
 * - the answers a store expects turned into outcomes: a read of a missing entity, an insert of an existing one, a
 *   conditional replace or delete (ETag) that lost a race or found the entity gone. Anything else is thrown as is
 *   (the stores run these inside withStorage, so outages become 503).
 */
import type { TableClient, TableEntity, TableEntityResult } from '@azure/data-tables';
import { azureStatusCode, CorruptEntityError } from './errors';

/** Largest binary property value (Table Storage limit). */
export const CHUNK_BYTES = 64 * 1024;
/** Largest entity (Table Storage limit). */
export const MAX_ENTITY_BYTES = 1024 * 1024;

export type EntityProperties = Record<string, unknown>;
export type StoredEntity = TableEntity<EntityProperties>;

/** Writes `bytes` as `<name>Chunks` + `<name>0..n-1` (no parts for no bytes). */
export function writeChunks(into: EntityProperties, name: string, bytes: Uint8Array): void {
  const count = Math.ceil(bytes.byteLength / CHUNK_BYTES);
  into[`${name}Chunks`] = count;
  for (let i = 0; i < count; i++) into[`${name}${i}`] = new Uint8Array(bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
}

/** Writes text as UTF-8 chunks. */
export function writeChunkedText(into: EntityProperties, name: string, text: string): void {
  writeChunks(into, name, Buffer.from(text, 'utf8'));
}

/** The parts `writeChunks` wrote, or undefined when `<name>Chunks` is absent. Throws CorruptEntityError. */
function parts(entity: Readonly<EntityProperties>, name: string): unknown[] | undefined {
  const count = entity[`${name}Chunks`];
  if (count === undefined || count === null) return undefined;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new CorruptEntityError(`${name}Chunks`);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) out.push(entity[`${name}${i}`]);
  return out;
}

const bytesOf = (v: Uint8Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** The bytes `writeChunks` wrote, or undefined when there are none. Binary parts only. */
export function readChunks(entity: Readonly<EntityProperties>, name: string): Buffer | undefined {
  const found = parts(entity, name);
  if (found === undefined) return undefined;
  return Buffer.concat(
    found.map((v, i) => {
      if (!(v instanceof Uint8Array)) throw new CorruptEntityError(`${name}${i}`);
      return bytesOf(v);
    }),
  );
}

/** The text `writeChunkedText` wrote, or the text parts of the older layout; undefined when there is none. */
export function readChunkedText(entity: Readonly<EntityProperties>, name: string): string | undefined {
  const found = parts(entity, name);
  if (found === undefined) return undefined;
  if (found.length > 0 && found.every((v) => typeof v === 'string')) return found.join('');
  return readChunks(entity, name)?.toString('utf8');
}

/** Size of an entity as Table Storage counts it (4 + keys×2 + per property 8 + name×2 + value). */
export function entitySizeBytes(entity: StoredEntity): number {
  let size = 4 + entity.partitionKey.length * 2 + entity.rowKey.length * 2;
  for (const [name, value] of Object.entries(entity)) {
    if (name === 'partitionKey' || name === 'rowKey' || name === 'etag' || name === 'timestamp' || value === undefined) continue;
    size += 8 + name.length * 2;
    if (typeof value === 'string') size += 4 + value.length * 2;
    else if (value instanceof Uint8Array) size += 4 + value.byteLength;
    else if (typeof value === 'boolean') size += 1;
    else size += 8;
  }
  return size;
}

/** The entity with its ETag, or undefined when it does not exist. */
export async function readEntity<T extends object = EntityProperties>(client: TableClient, partitionKey: string, rowKey: string): Promise<TableEntityResult<T> | undefined> {
  try {
    return await client.getEntity<T>(partitionKey, rowKey);
  } catch (err) {
    if (azureStatusCode(err) === 404) return undefined;
    throw err;
  }
}

/** Creates the entity; 'exists' when one with the same keys is already stored (nothing written). */
export async function insertEntity(client: TableClient, entity: StoredEntity): Promise<'inserted' | 'exists'> {
  try {
    await client.createEntity(entity);
    return 'inserted';
  } catch (err) {
    if (azureStatusCode(err) === 409) return 'exists';
    throw err;
  }
}

export type ReplaceOutcome = { readonly outcome: 'replaced'; readonly etag: string } | { readonly outcome: 'stale' } | { readonly outcome: 'missing' };

/**
 * Replaces the stored entity if its ETag is still `etag`: 'stale' when it changed since, 'missing' when it is gone;
 * 'replaced' carries the new ETag.
 */
export async function replaceEntity(client: TableClient, entity: StoredEntity, etag: string): Promise<ReplaceOutcome> {
  try {
    const r = await client.updateEntity(entity, 'Replace', { etag });
    if (!r.etag) throw new Error('Table Storage answered an update without an ETag');
    return { outcome: 'replaced', etag: r.etag };
  } catch (err) {
    const status = azureStatusCode(err);
    if (status === 412) return { outcome: 'stale' };
    if (status === 404) return { outcome: 'missing' };
    throw err;
  }
}

/** Deletes the entity (only if its ETag is still `etag`, when given): 'stale' when it changed, 'missing' when gone. */
export async function deleteEntity(client: TableClient, key: { readonly partitionKey: string; readonly rowKey: string; readonly etag?: string }): Promise<'deleted' | 'stale' | 'missing'> {
  try {
    await client.deleteEntity(key.partitionKey, key.rowKey, key.etag === undefined ? undefined : { etag: key.etag });
    return 'deleted';
  } catch (err) {
    const status = azureStatusCode(err);
    if (status === 412) return 'stale';
    if (status === 404) return 'missing';
    throw err;
  }
}
