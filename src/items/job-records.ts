/**
 * Job records of an item, removed with it on hard delete. The jobs module keeps them in table `FabricJobs` with
 * PartitionKey = tenant id and RowKey starting with `<workspaceId>_<itemId>_`.
 */
import type { TableClient } from '@azure/data-tables';
import { azureStatusCode, withStorage } from '../storage/errors';
import { itemRowKey } from './ids';
import type { ItemKey } from './model';

export const JOB_RECORDS_TABLE = 'FabricJobs';
const DELETE_BATCH = 20;

/** Every job record of the item starts with this RowKey prefix. */
export function jobRecordsRowKeyPrefix(key: ItemKey): string {
  return `${itemRowKey(key)}_`;
}

/** OData range filter for "RowKey starts with prefix" within the tenant's partition. Ids are validated GUIDs. */
export function jobRecordsFilter(key: ItemKey): string {
  const prefix = jobRecordsRowKeyPrefix(key);
  // The first string after every string that starts with `prefix`: its last character ('_') plus one ('`').
  const end = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
  return `PartitionKey eq '${key.tenantId}' and RowKey ge '${prefix}' and RowKey lt '${end}'`;
}

/** Deletes every job record of the item; returns how many were deleted. Records already gone are fine. */
export async function deleteJobRecords(table: TableClient, key: ItemKey): Promise<number> {
  const rowKeys: string[] = [];
  const iterator = table.listEntities({ queryOptions: { filter: jobRecordsFilter(key), select: ['RowKey'] } })[Symbol.asyncIterator]();
  for (;;) {
    const next = await withStorage('list job records', () => iterator.next());
    if (next.done) break;
    if (next.value.rowKey) rowKeys.push(next.value.rowKey);
  }
  for (let i = 0; i < rowKeys.length; i += DELETE_BATCH) {
    await Promise.all(
      rowKeys.slice(i, i + DELETE_BATCH).map((rowKey) =>
        withStorage('delete job record', async () => {
          try {
            await table.deleteEntity(key.tenantId, rowKey);
          } catch (err) {
            if (azureStatusCode(err) !== 404) throw err;
          }
        }),
      ),
    );
  }
  return rowKeys.length;
}
