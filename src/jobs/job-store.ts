import type { ItemKey } from '../catalog/item';
import type { JobKey, JobRecord, StoredJob } from './job-record';

/** Who holds a jobInstanceId within a tenant. */
export interface JobClaim {
  readonly workspaceId: string;
  readonly itemId: string;
  readonly jobType: string;
  readonly etag: string;
}

/**
 * Durable job records, tenant-scoped: a key always carries the tenant, so one tenant can never read or change
 * another tenant's job. Writes are conditional on the ETag the caller read.
 */
export interface JobStore {
  get(key: JobKey): Promise<StoredJob | undefined>;
  /**
   * Stores a new record and claims its jobInstanceId within the tenant, atomically.
   * Throws JobAlreadyExistsError when the record or the claim exists.
   */
  create(record: JobRecord): Promise<StoredJob>;
  /** The claim on a jobInstanceId, if any. */
  getClaim(tenantId: string, jobInstanceId: string): Promise<JobClaim | undefined>;
  /** Removes a claim whose job row is gone (its item was hard-deleted). Throws JobConcurrencyError if it changed. */
  deleteClaim(tenantId: string, jobInstanceId: string, etag: string): Promise<void>;
  /**
   * Deletes every job of the item and the claims on their ids (a claim now held by another item stays).
   * Returns how many job rows were deleted; rows already gone are fine.
   */
  deleteItemJobs(item: ItemKey): Promise<number>;
  /** Replaces the record if its ETag is still `etag`; returns the new ETag. Throws JobConcurrencyError otherwise. */
  replace(record: JobRecord, etag: string): Promise<string>;
}
