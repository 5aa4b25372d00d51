import type { ErrorBody } from '../fabric/error-body';
import type { JobInvokeType, JobUser } from '../catalog/job-type';
import type { JobStatus } from './job-state';

/** Progress a running job reported at its last stored checkpoint. */
export interface JobProgress {
  readonly completedSteps: number;
  readonly totalSteps: number;
}

/**
 * The identity of a job: tenant (partition), workspace, item and instance. All GUIDs are lower-case.
 * The same jobInstanceId under another item is a different key; the store refuses that pairing (see JobStore).
 */
export interface JobKey {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly itemId: string;
  readonly jobInstanceId: string;
}

/** Fields the state machine owns. Everything else on a record is written once at creation. */
export interface JobStateFields {
  readonly status: JobStatus;
  readonly startTimeUtc?: string;
  readonly endTimeUtc?: string;
  readonly errorDetails?: ErrorBody;
  /** Set when a cancel was requested while the job ran; the runner acknowledges it at its next checkpoint. */
  readonly cancelRequestedUtc?: string;
  /** The attempt that owns the running job (random per attempt). Only the owner may checkpoint or finish it. */
  readonly runId?: string;
  /**
   * The queue message that carries the running job. Redeliveries of that message (after a crash or a failed
   * attempt) keep its id and may resume the job; any other message for the job is a duplicate and is dropped.
   */
  readonly runMessageId?: string;
  /** Attempts started so far (first run, retries after failures or crashes). */
  readonly attempts: number;
  readonly progress?: JobProgress;
  /** Small JSON value a job type stores at a checkpoint to resume from it after a crash. */
  readonly checkpointState?: unknown;
  readonly lastHeartbeatUtc?: string;
  /** The last transient error, kept so that a job that exhausts its retries can say why. */
  readonly lastError?: ErrorBody;
  /**
   * The sealed long-running grant (token module) that lets the job act for the user after the subject token
   * expired. Cleared as soon as the job reaches a final state.
   */
  readonly grant?: string;
}

/** One stored job (table FabricJobs, PartitionKey tenantId, RowKey `${workspaceId}_${itemId}_${jobInstanceId}`). */
export interface JobRecord extends JobKey, JobStateFields {
  readonly itemType: string;
  readonly jobType: string;
  readonly invokeType: JobInvokeType;
  readonly createdUtc: string;
  /** The job type's timeout when the job was created, seconds (a poll needs it without the registry). */
  readonly timeoutSeconds: number;
  readonly user?: JobUser;
  /** executionData (Extensibility Toolkit) or creationPayload (WDK), as sent. */
  readonly executionData?: Readonly<Record<string, unknown>>;
  /** The item definition sent with the create call (Extensibility Toolkit), if any: the snapshot this run uses. */
  readonly definitionSnapshot?: unknown;
}

/** A record as read from the store, with the ETag every conditional write must present. */
export interface StoredJob {
  readonly record: JobRecord;
  readonly etag: string;
}
