/**
 * JobStore on Azure Table Storage (@azure/data-tables; Azurite locally). Table FabricJobs, PartitionKey = tenant.
 * The table client comes from the storage module (created on first use with its table; the SDK loads lazily).
 * Outages surface as ServiceUnavailableError (503, retryable); ETag and key conflicts as job errors.
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { JobAlreadyExistsError, JobConcurrencyError } from './errors';
import type { ItemKey } from '../catalog/item';
import { claimRowKey, fromEntity, itemJobsFilter, itemJobsPrefix, jobRowKey, toEntity } from './job-entity';
import type { JobKey, JobRecord, StoredJob } from './job-record';
import type { JobClaim, JobStore } from './job-store';
import { azureStatusCode as statusOf, withStorage } from '../storage/errors';
import { deleteEntity, readEntity, replaceEntity } from '../storage/table-entity';

/** Rows deleted concurrently by deleteItemJobs. */
const DELETE_BATCH = 20;

export type TableClientProvider = () => Promise<TableClient>;

export class TableJobStore implements JobStore {
  constructor(private readonly client: TableClientProvider) {}

  async get(key: JobKey): Promise<StoredJob | undefined> {
    return this.call(async (t) => {
      const e = await readEntity(t, key.tenantId, jobRowKey(key.workspaceId, key.itemId, key.jobInstanceId));
      return e && { record: fromEntity(e), etag: e.etag };
    });
  }

  async create(record: JobRecord): Promise<StoredJob> {
    const entity = toEntity(record);
    const claim = { partitionKey: record.tenantId, rowKey: claimRowKey(record.jobInstanceId), workspaceId: record.workspaceId, itemId: record.itemId, jobType: record.jobType };
    return this.call(async (t) => {
      const actions: TransactionAction[] = [['create', entity], ['create', claim]];
      try {
        await t.submitTransaction(actions);
      } catch (err) {
        if (statusOf(err) === 409) throw new JobAlreadyExistsError(`Job ${record.jobInstanceId} already exists`);
        throw err;
      }
      const stored = await t.getEntity(record.tenantId, entity.rowKey);
      return { record: fromEntity(stored), etag: stored.etag };
    });
  }

  async getClaim(tenantId: string, jobInstanceId: string): Promise<JobClaim | undefined> {
    return this.call(async (t) => {
      const e = await readEntity<{ workspaceId: string; itemId: string; jobType: string }>(t, tenantId, claimRowKey(jobInstanceId));
      return e && { workspaceId: e.workspaceId, itemId: e.itemId, jobType: e.jobType, etag: e.etag };
    });
  }

  async deleteClaim(tenantId: string, jobInstanceId: string, etag: string): Promise<void> {
    const outcome = await this.call((t) => deleteEntity(t, { partitionKey: tenantId, rowKey: claimRowKey(jobInstanceId), etag }));
    if (outcome === 'stale') throw new JobConcurrencyError('The job claim changed');
  }

  async deleteItemJobs(item: ItemKey): Promise<number> {
    const prefix = itemJobsPrefix(item.workspaceId, item.itemId);
    const rowKeys = await this.call(async (t) => {
      const found: string[] = [];
      const rows = t.listEntities({ queryOptions: { filter: itemJobsFilter(item.tenantId, item.workspaceId, item.itemId), select: ['RowKey'] } });
      for await (const row of rows) if (row.rowKey) found.push(row.rowKey);
      return found;
    });
    for (let i = 0; i < rowKeys.length; i += DELETE_BATCH) {
      await Promise.all(rowKeys.slice(i, i + DELETE_BATCH).map((rowKey) => this.deleteJob(item, rowKey, rowKey.slice(prefix.length))));
    }
    return rowKeys.length;
  }

  /** The job row first, then its claim if the claim still names this item (the order JobService.existing() expects). */
  private async deleteJob(item: ItemKey, rowKey: string, jobInstanceId: string): Promise<void> {
    await this.call(async (t) => {
      try {
        await t.deleteEntity(item.tenantId, rowKey);
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    });
    const claim = await this.getClaim(item.tenantId, jobInstanceId);
    if (!claim || claim.workspaceId !== item.workspaceId || claim.itemId !== item.itemId) return;
    await this.deleteClaim(item.tenantId, jobInstanceId, claim.etag).catch((err: unknown) => {
      if (!(err instanceof JobConcurrencyError)) throw err;
    });
  }

  async replace(record: JobRecord, etag: string): Promise<string> {
    const r = await this.call((t) => replaceEntity(t, toEntity(record), etag));
    if (r.outcome === 'replaced') return r.etag;
    throw new JobConcurrencyError(r.outcome === 'missing' ? 'The job record no longer exists' : 'The job record changed since it was read');
  }

  private call<T>(op: (t: TableClient) => Promise<T>): Promise<T> {
    return withStorage('job store', async () => op(await this.client()));
  }
}
