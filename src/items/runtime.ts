/** The process's item service: Table Storage from getConfig().storage, the workload's registry, config retention. */
import { getConfig } from '../config/runtime';
import { getTableClient } from '../storage/clients';
import { getItemTypeRegistry } from '../workload/runtime';
import { JOBS_TABLE } from '../jobs/job-entity';
import { TableJobStore } from '../jobs/table-job-store';
import { createItemService, type ItemService } from './service';
import { createTableItemStore, ITEMS_TABLE } from './store';

let cached: ItemService | undefined;

export function getItemService(): ItemService {
  if (!cached) {
    cached = createItemService({
      store: createTableItemStore(() => getTableClient(ITEMS_TABLE)),
      registry: getItemTypeRegistry(),
      purgeRelated: async (key) => void (await new TableJobStore(() => getTableClient(JOBS_TABLE)).deleteItemJobs(key)),
      retentionDays: getConfig().softDeleteRetentionDays,
    });
  }
  return cached;
}
