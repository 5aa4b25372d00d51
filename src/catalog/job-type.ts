/**
 * What a job type declares, and what its handler gets. Job types are declared next to their item type
 * (`jobs` of defineItemType) and collected by the registry; the jobs machinery runs them through these interfaces.
 */
import type { Logger } from '../observability/logger';
import type { JobCliOptions } from './cli-options';
import type { StoredItem } from './item';

/**
 * host.json `functionTimeout` (a test keeps them equal). An invocation that reaches it is failed and its worker
 * process restarted, losing every other in-flight invocation, so a job's timeout must end the attempt well before.
 */
export const HOST_FUNCTION_TIMEOUT_SECONDS = 600;
/**
 * The worst case one attempt spends outside the handler's deadline: loading the record and the item and recording the
 * start before it (about three storage operations), recording the outcome after it (two). Each storage operation
 * gives up after 12 s (src/storage/retry.ts), so 60 s covers five of them.
 */
export const JOB_ATTEMPT_OVERHEAD_SECONDS = 60;
/** The margin kept below functionTimeout: that worst case plus 30 s to spare (worker start, queue bookkeeping). */
export const JOB_ATTEMPT_MARGIN_SECONDS = JOB_ATTEMPT_OVERHEAD_SECONDS + 30;
/** The longest timeoutSeconds a job type may declare: its deadline plus the margin stays below functionTimeout. */
export const MAX_JOB_TIMEOUT_SECONDS = HOST_FUNCTION_TIMEOUT_SECONDS - JOB_ATTEMPT_MARGIN_SECONDS;

/**
 * Fabric's `JobInvokeType` (WDK create body). The Extensibility Toolkit does not send one; it is recorded as Manual.
 * The order is the contract's: Fabric may send the member's number (0, 1, 2) instead of its name.
 */
export type JobInvokeType = 'UnknownFutureValue' | 'Scheduled' | 'Manual';

/** The user who started the job (from the validated subject token). Display fields are optional. */
export interface JobUser {
  readonly oid: string;
  readonly name?: string;
  readonly upn?: string;
}

/**
 * The item a job runs on, as stored by the item lifecycle notifications. Its `definition` is the snapshot sent
 * with the create call when there was one (Extensibility Toolkit), otherwise the stored definition.
 */
export type JobItem = StoredItem;

export interface CheckpointUpdate {
  readonly completedSteps: number;
  readonly totalSteps: number;
  /** Small JSON value (at most 16 KB as JSON) to resume from if the job is retried after a crash. */
  readonly state?: unknown;
}

/** Writes files into the job's item folder in OneLake, on the user's behalf. */
export interface ItemFileWriter {
  /**
   * Writes (creates or replaces, atomically) `{itemId}/{relativePath}`; relativePath starts with `Files/`.
   * Replacing makes retries safe: a rerun writes the same name again instead of adding a second file.
   */
  writeFile(relativePath: string, content: string | Uint8Array, contentType: string): Promise<{ readonly url: string }>;
}

/** Delegated tokens for the job's user, valid for as long as the job runs (long-running On-Behalf-Of). */
export interface JobTokenSource {
  /** An access token for the given scopes (one of the scopes the job type declared). */
  getToken(scopes: readonly string[]): Promise<string>;
}

export interface JobContext<TData = unknown> {
  readonly tenantId: string;
  /** The user who started the job (absent only for jobs started without a user, which this workload refuses). */
  readonly user?: JobUser;
  readonly workspaceId: string;
  readonly itemId: string;
  readonly itemType: string;
  readonly jobType: string;
  readonly jobInstanceId: string;
  readonly invokeType: JobInvokeType;
  /** 1 for the first attempt; more after a retry or a crash. */
  readonly attempt: number;
  readonly item: JobItem;
  readonly executionData: TData;
  /** The last stored checkpoint of an earlier attempt of this job, to resume from. */
  readonly resume?: CheckpointUpdate;
  /**
   * Reports progress and is the job's cancellation point: it throws (and the handler must let it throw) when the
   * job was cancelled, timed out or was taken over by another attempt. Call it between units of work and
   * always right before writing output, so a cancelled job never writes.
   */
  checkpoint(update: CheckpointUpdate): Promise<void>;
  /** Aborted when the job must stop (cancel seen, timeout, ownership lost): pass it to long I/O. */
  readonly signal: AbortSignal;
  readonly tokens: JobTokenSource;
  readonly oneLake: ItemFileWriter;
  readonly log: Logger;
}

/**
 * A job type, declared by its item type (`jobs: { Calculate: {...} }`); the full job
 * type name is `{WorkloadName}.{ItemType}.{Job}`.
 */
export interface JobTypeDeclaration<TData = unknown> {
  /** The longest a job may run, seconds, across all its attempts (keep it under host.json functionTimeout). */
  readonly timeoutSeconds: number;
  /**
   * Delegated scopes the job needs on the user's behalf for its whole run (e.g. OneLake storage). The create call
   * exchanges the subject token for a long-running grant to these scopes. None: the job gets no user tokens.
   */
  readonly scopes?: readonly string[];
  /**
   * Validates executionData (Extensibility Toolkit) / creationPayload (WDK) when the job is created, so bad input
   * fails the create call with a 400 instead of a failed job; the result is what the handler gets. Throw
   * InvalidRequestError. Absent: the raw object (or undefined) is passed on.
   */
  parseExecutionData?(raw: Readonly<Record<string, unknown>> | undefined): TData;
  handler(ctx: JobContext<TData>): Promise<void>;
  /** Optional, for developer tools only: executionData fields the Fabric simulator offers as options, and the output file. */
  readonly cli?: JobCliOptions;
}
