/**
 * The item store on Table Storage (table `FabricItems`). PartitionKey = tenant id, so every read and write is
 * scoped to the authenticated tenant: another tenant's item is simply not addressable.
 */
import type { TableClient } from '@azure/data-tables';
import { withStorage } from '../storage/errors';
import { deleteEntity, insertEntity, readEntity, replaceEntity } from '../storage/table-entity';
import { fromEntity, toEntity } from './entity';
import { itemRowKey } from './ids';
import type { ItemKey, StoredItem } from '../catalog/item';

export const ITEMS_TABLE = 'FabricItems';

export interface StoredItemRecord {
  readonly item: StoredItem;
  /** Optimistic-concurrency token of the stored entity. */
  readonly etag: string;
}

export interface ItemStore {
  read(key: ItemKey): Promise<StoredItemRecord | undefined>;
  /** 'exists' when an entity with the same key is already stored (nothing written). */
  insert(item: StoredItem): Promise<'inserted' | 'exists'>;
  /** Replaces the stored entity if it still has `etag`: 'stale' when it changed since, 'missing' when it is gone. */
  replace(item: StoredItem, etag: string): Promise<'replaced' | 'stale' | 'missing'>;
  /** Removes the entity (unconditionally); a missing entity is fine. */
  remove(key: ItemKey): Promise<void>;
  /** Keys of soft-deleted items whose deletedAt is at or before `cutoff` (all tenants: for the purge). */
  listDeletedBefore(cutoff: Date): AsyncIterable<ItemKey>;
}

export class TableItemStore implements ItemStore {
  constructor(private readonly table: () => Promise<TableClient>) {}

  async read(key: ItemKey): Promise<StoredItemRecord | undefined> {
    const client = await this.table();
    const entity = await withStorage('read item', () => readEntity(client, key.tenantId, itemRowKey(key)));
    return entity && { item: fromEntity(entity), etag: entity.etag };
  }

  async insert(item: StoredItem): Promise<'inserted' | 'exists'> {
    const entity = toEntity(item);
    const client = await this.table();
    return withStorage('create item', () => insertEntity(client, entity));
  }

  async replace(item: StoredItem, etag: string): Promise<'replaced' | 'stale' | 'missing'> {
    const entity = toEntity(item);
    const client = await this.table();
    return (await withStorage('update item', () => replaceEntity(client, entity, etag))).outcome;
  }

  async remove(key: ItemKey): Promise<void> {
    const client = await this.table();
    await withStorage('delete item', () => deleteEntity(client, { partitionKey: key.tenantId, rowKey: itemRowKey(key) }));
  }

  async *listDeletedBefore(cutoff: Date): AsyncIterable<ItemKey> {
    const client = await this.table();
    const pages = client.listEntities<{ workspaceId?: string; itemId?: string }>({
      queryOptions: { filter: deletedBeforeFilter(cutoff), select: ['PartitionKey', 'workspaceId', 'itemId'] },
    });
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await withStorage('list deleted items', () => iterator.next());
      if (next.done) return;
      const e = next.value;
      if (e.partitionKey && e.workspaceId && e.itemId) yield { tenantId: e.partitionKey, workspaceId: e.workspaceId, itemId: e.itemId };
    }
  }
}

/** OData filter; the value is an ISO date we format ourselves (no caller text reaches the query). */
function deletedBeforeFilter(cutoff: Date): string {
  return `deletedAt le datetime'${cutoff.toISOString()}'`;
}
