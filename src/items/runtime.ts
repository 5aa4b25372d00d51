/** The process's item service: Table Storage from getConfig().storage, the workload's registry, config retention. */
import { getConfig } from '../config/runtime';
import { getTableClient } from '../storage/clients';
import { getItemTypeRegistry } from '../workload/runtime';
import { deleteJobRecords, JOB_RECORDS_TABLE } from './job-records';
import { createItemService, type ItemService } from './service';
import { TableItemStore, ITEMS_TABLE } from './store';

let cached: ItemService | undefined;

export function getItemService(): ItemService {
  if (!cached) {
    cached = createItemService({
      store: new TableItemStore(() => getTableClient(ITEMS_TABLE)),
      registry: getItemTypeRegistry(),
      purgeRelated: async (key) => void (await deleteJobRecords(await getTableClient(JOB_RECORDS_TABLE), key)),
      retentionDays: getConfig().softDeleteRetentionDays,
    });
  }
  return cached;
}
