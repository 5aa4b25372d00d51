/**
 * The item store on Table Storage (table `FabricItems`). PartitionKey = tenant id, so every read and write is
 * scoped to the authenticated tenant: another tenant's item is simply not addressable.
 */
import type { TableClient } from '@azure/data-tables';
import { azureStatusCode, withStorage } from '../storage/errors';
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

export function createTableItemStore(table: () => Promise<TableClient>): ItemStore {
  return {
    async read(key) {
      const client = await table();
      return withStorage('read item', async () => {
        try {
          const entity = await client.getEntity<Record<string, unknown>>(key.tenantId, itemRowKey(key));
          return { item: fromEntity(entity), etag: entity.etag };
        } catch (err) {
          if (azureStatusCode(err) === 404) return undefined;
          throw err;
        }
      });
    },
    async insert(item) {
      const entity = toEntity(item);
      const client = await table();
      return withStorage('create item', async () => {
        try {
          await client.createEntity(entity);
          return 'inserted' as const;
        } catch (err) {
          if (azureStatusCode(err) === 409) return 'exists' as const;
          throw err;
        }
      });
    },
    async replace(item, etag) {
      const entity = toEntity(item);
      const client = await table();
      return withStorage('update item', async () => {
        try {
          await client.updateEntity(entity, 'Replace', { etag });
          return 'replaced' as const;
        } catch (err) {
          const status = azureStatusCode(err);
          if (status === 412) return 'stale' as const;
          if (status === 404) return 'missing' as const;
          throw err;
        }
      });
    },
    async remove(key) {
      const client = await table();
      await withStorage('delete item', async () => {
        try {
          await client.deleteEntity(key.tenantId, itemRowKey(key));
        } catch (err) {
          if (azureStatusCode(err) !== 404) throw err;
        }
      });
    },
    async *listDeletedBefore(cutoff) {
      const client = await table();
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
    },
  };
}

/** OData filter; the value is an ISO date we format ourselves (no caller text reaches the query). */
function deletedBeforeFilter(cutoff: Date): string {
  return `deletedAt le datetime'${cutoff.toISOString()}'`;
}
