/**
 * Create, poll and cancel: the logic behind both route generations (the route files only adapt shapes).
 */
import { ConflictError, InvalidRequestError, NotFoundError } from '../fabric/errors';
import type { Logger } from '../observability/logger';
import { overdueError, LOST_JOB_GRACE_MS } from './deadlines';
import { JobAlreadyExistsError, JobConcurrencyError } from './errors';
import type { ItemKey } from '../catalog/item';
import type { JobUser } from '../catalog/job-type';
import type { JobKey, JobRecord, StoredJob } from './job-record';
import type { JobQueue } from './job-queue';
import type { JobStore } from './job-store';
import { parseExecutionDataOf, type JobTypeResolver } from './job-types';
import { updateJob } from './job-updates';
import { jobView, notFoundView, type JobView } from './job-view';
import { systemClock, type Clock } from '../shared/clock';
import { grantJobOf, type ItemReader, type LongRunningTokens } from './ports';
import type { CreateJobInput, ItemPath, JobRef } from './validation';

/** The caller as the control-plane authentication established it. */
export interface JobCaller {
  readonly tenantId: string;
  readonly user?: JobUser;
  /** The validated subject token (required to create: the job acts on the user's behalf). Never logged. */
  readonly subjectToken?: string;
}

export interface JobServiceDeps {
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly types: JobTypeResolver;
  readonly items: ItemReader;
  readonly tokens: LongRunningTokens;
  readonly clock?: Clock;
}

export interface CreateJobResult {
  readonly view: JobView;
  /** False when the job already existed (a repeated create): nothing new was started. */
  readonly created: boolean;
}

const MAX_CREATE_ATTEMPTS = 3;

export class JobService {
  private readonly clock: Clock;

  constructor(private readonly deps: JobServiceDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /**
   * Records the job NotStarted and enqueues it. Idempotent: the same jobInstanceId again answers the current
   * state and never starts a second run; the same id for another item or job type is a 409.
   */
  async create(caller: JobCaller, input: CreateJobInput, log: Logger): Promise<CreateJobResult> {
    const resolved = this.deps.types.resolve(input.jobType);
    if (!resolved || resolved.itemType !== input.itemType) {
      throw new InvalidRequestError(`Job type ${input.jobType} is not served by this workload`, { errorCode: 'UnknownJobType' });
    }
    const key = keyOf(caller.tenantId, input);

    for (let attempt = 1; ; attempt++) {
      const existing = await this.existing(key, input);
      if (existing) {
        if (existing.record.status === 'NotStarted') {
          // The first create may have stored the record but failed to enqueue: enqueue again. A duplicate
          // message is harmless (the runner starts a job once and resumes, never repeats, a running one).
          await this.deps.queue.enqueue(key);
        }
        log.info('Job create repeated: answering the current state', { jobInstanceId: key.jobInstanceId, status: existing.record.status });
        return { view: await this.currentView(existing), created: false };
      }

      const declaration = resolved.declaration;
      parseExecutionDataOf(declaration, input.executionData);
      const item = await this.deps.items.get(caller.tenantId, input.workspaceId, input.itemId);
      if (!item) throw new NotFoundError(`Item ${input.itemId} does not exist in workspace ${input.workspaceId}`, { errorCode: 'ItemNotFound' });
      if (item.itemType !== input.itemType) throw new InvalidRequestError(`Item ${input.itemId} is a ${item.itemType}, not a ${input.itemType}`, { errorCode: 'ItemTypeMismatch' });
      if (!caller.subjectToken) throw new InvalidRequestError('Starting a job requires the user\'s subject token', { errorCode: 'SubjectTokenRequired' });

      const scopes = declaration.scopes ?? [];
      const grant = scopes.length > 0
        ? await this.deps.tokens.begin({ subjectToken: caller.subjectToken, tenantId: caller.tenantId, scopes, job: grantJobOf(key, caller.user) })
        : undefined;
      const record: JobRecord = {
        ...key,
        itemType: input.itemType,
        jobType: input.jobType,
        invokeType: input.invokeType,
        createdUtc: new Date(this.clock.now()).toISOString(),
        timeoutSeconds: declaration.timeoutSeconds,
        status: 'NotStarted',
        attempts: 0,
        ...(caller.user ? { user: caller.user } : {}),
        ...(input.executionData ? { executionData: input.executionData } : {}),
        ...(input.definition ? { definitionSnapshot: input.definition } : {}),
        ...(grant ? { grant } : {}),
      };
      let stored: StoredJob;
      try {
        stored = await this.deps.store.create(record);
      } catch (err) {
        // Another create of the same id won the race: answer like a repeated create.
        if (err instanceof JobAlreadyExistsError && attempt < MAX_CREATE_ATTEMPTS) continue;
        if (err instanceof JobAlreadyExistsError) throw new ConflictError(`Job instance ${key.jobInstanceId} is being created concurrently; retry`, { errorCode: 'JobInstanceConflict' });
        throw err;
      }
      await this.deps.queue.enqueue(key);
      log.info('Job created and enqueued', { jobInstanceId: key.jobInstanceId, jobType: input.jobType });
      return { view: jobView(stored.record), created: true };
    }
  }

  /** The job's state. Always a state (never a 404): an unknown id is Failed with JobInstanceNotFound. */
  async state(tenantId: string, target: ItemPath & JobRef): Promise<JobView> {
    const stored = await this.deps.store.get(keyOf(tenantId, target));
    if (!stored || stored.record.jobType !== target.jobType) return notFoundView(target.jobInstanceId);
    return this.currentView(stored);
  }

  /**
   * Marks the job cancelled (NotStarted: Cancelled at once; InProgress: the runner stops at its next checkpoint
   * and the state becomes Cancelled then). A finished job is left as it is. Answers the state after the request.
   */
  async cancel(tenantId: string, target: ItemPath & JobRef, log: Logger): Promise<JobView> {
    const key = keyOf(tenantId, target);
    const stored = await this.deps.store.get(key);
    if (!stored || stored.record.jobType !== target.jobType) return notFoundView(target.jobInstanceId);
    const now = new Date(this.clock.now()).toISOString();
    const out = await updateJob(this.deps.store, key, () => ({ type: 'requestCancel', now }), { initial: stored });
    if (!out.stored) return notFoundView(target.jobInstanceId);
    log.info('Job cancel requested', { jobInstanceId: key.jobInstanceId, outcome: out.result?.outcome, status: out.stored.record.status });
    return jobView(out.stored.record);
  }

  /** Removes the item's jobs and their claims: the item service calls this when it hard-deletes the item. */
  async deleteItemJobs(item: ItemKey): Promise<void> {
    await this.deps.store.deleteItemJobs(item);
  }

  /** Reports a job past its deadlines as Failed, and stores that, before answering. */
  private async currentView(stored: StoredJob): Promise<JobView> {
    const nowMs = this.clock.now();
    if (!overdueError(stored.record, nowMs, LOST_JOB_GRACE_MS)) return jobView(stored.record);
    const now = new Date(nowMs).toISOString();
    try {
      const out = await updateJob(
        this.deps.store,
        stored.record,
        (s) => {
          const error = overdueError(s.record, nowMs, LOST_JOB_GRACE_MS);
          return error ? { type: 'fail', now, error } : undefined;
        },
        { initial: stored },
      );
      return jobView((out.stored ?? stored).record);
    } catch (err) {
      if (!(err instanceof JobConcurrencyError)) throw err;
      const error = overdueError(stored.record, nowMs, LOST_JOB_GRACE_MS)!;
      return jobView({ ...stored.record, status: 'Failed', endTimeUtc: now, errorDetails: error });
    }
  }

  /** The record for this key, or a 409 when the id belongs to another item or job type. */
  private async existing(key: JobKey, input: CreateJobInput): Promise<StoredJob | undefined> {
    const stored = await this.deps.store.get(key);
    if (stored) {
      if (stored.record.jobType !== input.jobType) {
        throw new ConflictError(`Job instance ${key.jobInstanceId} already exists with job type ${stored.record.jobType}`, { errorCode: 'JobInstanceConflict' });
      }
      return stored;
    }
    const claim = await this.deps.store.getClaim(key.tenantId, key.jobInstanceId);
    if (!claim) return undefined;
    if (claim.workspaceId !== key.workspaceId || claim.itemId !== key.itemId) {
      const other = await this.deps.store.get({ ...key, workspaceId: claim.workspaceId, itemId: claim.itemId });
      if (other) throw new ConflictError(`Job instance ${key.jobInstanceId} already exists for another item`, { errorCode: 'JobInstanceConflict' });
    }
    // The claim's job row is gone (its item was hard-deleted with its jobs): release the claim.
    await this.deps.store.deleteClaim(key.tenantId, key.jobInstanceId, claim.etag).catch((err) => {
      if (!(err instanceof JobConcurrencyError)) throw err;
    });
    return undefined;
  }
}

function keyOf(tenantId: string, t: ItemPath & JobRef): JobKey {
  return { tenantId, workspaceId: t.workspaceId, itemId: t.itemId, jobInstanceId: t.jobInstanceId };
}
