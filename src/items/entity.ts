/**
 * StoredItem ⇄ Table Storage entity. Pure. One item is one entity, so one ETag guards all of it.
 *
 *   PartitionKey  tenantId                     RowKey  `<workspaceId>_<itemId>` (lower-case GUIDs)
 *   schemaVersion 1, workspaceId, itemId, itemType, displayName?, description?
 *   payloadChunks + payload0..n        WDK payload: UTF-8 JSON split into binary properties of ≤ 64 KiB
 *   definitionFormat?, definitionParts (JSON [{path, payloadType, size}]), definitionChunks + definition0..n
 *                                      toolkit definition: the decoded part bytes, concatenated, split the same way
 *   createdAt, createdByOid?, createdByName?, updatedAt, updatedByOid?, updatedByName?, deletedAt?
 *
 * Binary properties store bytes at 1 byte each (strings cost 2 bytes per UTF-16 unit), which is what lets a
 * 768 KiB definition fit the 1 MiB entity limit. Canonical base64 makes bytes → base64 lossless.
 */
import { InvalidItemPayloadError } from '../catalog/errors';
import { entitySizeBytes, MAX_ENTITY_BYTES, readChunks, writeChunks, type EntityProperties, type StoredEntity } from '../storage/table-entity';
import { itemRowKey } from './ids';
import type { ItemActor, ItemDefinition, ItemDefinitionPart, ItemKey, JsonObject, StoredItem } from '../catalog/item';

export const ENTITY_SCHEMA_VERSION = 1;

interface PartManifest {
  readonly path: string;
  readonly payloadType: ItemDefinitionPart['payloadType'];
  readonly size: number;
}

function actor(into: EntityProperties, prefix: 'createdBy' | 'updatedBy', who: ItemActor | undefined): void {
  if (!who) return;
  into[`${prefix}Oid`] = who.oid;
  if (who.name !== undefined) into[`${prefix}Name`] = who.name;
}

export function toEntity(item: StoredItem): StoredEntity {
  const p: EntityProperties = {
    schemaVersion: ENTITY_SCHEMA_VERSION,
    workspaceId: item.key.workspaceId,
    itemId: item.key.itemId,
    itemType: item.itemType,
  };
  if (item.displayName !== undefined) p.displayName = item.displayName;
  if (item.description !== undefined) p.description = item.description;
  if (item.payload !== undefined) writeChunks(p, 'payload', Buffer.from(JSON.stringify(item.payload), 'utf8'));
  if (item.definition !== undefined) {
    if (item.definition.format !== undefined) p.definitionFormat = item.definition.format;
    const bytes = item.definition.parts.map((part) => Buffer.from(part.payload, 'base64'));
    const manifest: PartManifest[] = item.definition.parts.map((part, i) => ({ path: part.path, payloadType: part.payloadType, size: bytes[i].length }));
    p.definitionParts = JSON.stringify(manifest);
    writeChunks(p, 'definition', Buffer.concat(bytes));
  }
  p.createdAt = item.createdAt;
  actor(p, 'createdBy', item.createdBy);
  p.updatedAt = item.updatedAt;
  actor(p, 'updatedBy', item.updatedBy);
  if (item.deletedAt !== undefined) p.deletedAt = item.deletedAt;
  const entity: StoredEntity = { partitionKey: item.key.tenantId, rowKey: itemRowKey(item.key), ...p };
  if (entitySizeBytes(entity) > MAX_ENTITY_BYTES) throw new InvalidItemPayloadError('The item is too large to store (names, payload and definition together exceed 1 MiB)');
  return entity;
}

function str(entity: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = entity[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`Stored item is corrupt: ${name}`);
  return v;
}

function date(entity: Readonly<Record<string, unknown>>, name: string): Date | undefined {
  const v = entity[name];
  if (v === undefined || v === null) return undefined;
  const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new Error(`Stored item is corrupt: ${name}`);
  return d;
}

function readActor(entity: Readonly<Record<string, unknown>>, prefix: string): ItemActor | undefined {
  const oid = str(entity, `${prefix}Oid`);
  if (oid === undefined) return undefined;
  const name = str(entity, `${prefix}Name`);
  return name === undefined ? { oid } : { oid, name };
}

function readDefinition(entity: Readonly<Record<string, unknown>>): ItemDefinition | undefined {
  const manifestText = str(entity, 'definitionParts');
  if (manifestText === undefined) return undefined;
  const manifest = JSON.parse(manifestText) as PartManifest[];
  const bytes = readChunks(entity, 'definition');
  if (bytes === undefined) throw new Error('Stored item is corrupt: definitionChunks');
  let offset = 0;
  const parts = manifest.map((m) => {
    const payload = bytes.subarray(offset, offset + m.size).toString('base64');
    offset += m.size;
    return { path: m.path, payloadType: m.payloadType, payload };
  });
  if (offset !== bytes.length) throw new Error('Stored item is corrupt: definition sizes');
  const format = str(entity, 'definitionFormat');
  return format === undefined ? { parts } : { format, parts };
}

export function fromEntity(entity: Readonly<Record<string, unknown>> & { readonly partitionKey?: string; readonly rowKey?: string }): StoredItem {
  if (entity.schemaVersion !== ENTITY_SCHEMA_VERSION) throw new Error('Stored item has an unknown schema version');
  const key: ItemKey = { tenantId: String(entity.partitionKey), workspaceId: str(entity, 'workspaceId') ?? '', itemId: str(entity, 'itemId') ?? '' };
  const payloadBytes = readChunks(entity, 'payload');
  const payload = payloadBytes === undefined ? undefined : (JSON.parse(payloadBytes.toString('utf8')) as JsonObject);
  const item: { -readonly [K in keyof StoredItem]: StoredItem[K] } = {
    key,
    itemType: str(entity, 'itemType') ?? '',
    createdAt: date(entity, 'createdAt')!,
    updatedAt: date(entity, 'updatedAt')!,
  };
  const optional = {
    displayName: str(entity, 'displayName'),
    description: str(entity, 'description'),
    payload,
    definition: readDefinition(entity),
    createdBy: readActor(entity, 'createdBy'),
    updatedBy: readActor(entity, 'updatedBy'),
    deletedAt: date(entity, 'deletedAt'),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (item as Record<string, unknown>)[k] = v;
  if (!item.createdAt || !item.updatedAt || !item.itemType) throw new Error('Stored item is corrupt: required fields');
  return item;
}
