/**
 * The queue-triggered side: runs one job per message, and fails jobs whose messages exhausted their retries.
 *
 * Delivery is at least once. A message may arrive again after a crash (the queue makes it visible again), after
 * a transient failure (the function threw; the host retries up to maxDequeueCount), or twice (a repeated create).
 * Each arrival starts a new attempt with a new runId that takes the job over; an older attempt that is still
 * alive loses ownership at its next checkpoint and stops. The handler resumes from the last stored checkpoint,
 * and output is written under a deterministic name in one atomic request, so a rerun never duplicates output.
 */
import { randomUUID } from 'node:crypto';
import { describeError, type Logger } from '../observability/logger';
import { overdueError } from './deadlines';
import { JobAttemptFailed, JobCancelledSignal, JobErrors, JobMessageInvalid, JobOwnershipLostSignal, JobTimedOutSignal, toJobErrorBody } from './errors';
import type { JobKey, StoredJob } from './job-record';
import { isTerminal } from './job-state';
import type { JobStore } from './job-store';
import type { ItemDefinition } from '../catalog/item';
import type { JobContext, JobItem } from '../catalog/job-type';
import { parseExecutionDataOf, type JobTypeResolver } from './job-types';
import { updateJob } from './job-updates';
import { parseJobMessage } from './message';
import { systemClock, type Clock } from '../shared/clock';
import type { ItemReader, LongRunningTokens, OneLakeWriter } from './ports';
import { RunSession } from './run-session';

export interface JobRunnerDeps {
  readonly store: JobStore;
  readonly types: JobTypeResolver;
  readonly items: ItemReader;
  readonly tokens: LongRunningTokens;
  readonly oneLake: OneLakeWriter;
  readonly clock?: Clock;
  /** Default 500 ms: at most about two checkpoint writes per second per job. */
  readonly checkpointIntervalMs?: number;
}

export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'skipped' | 'duplicate' | 'takenOver' | 'invalidMessage';

/** What the queue trigger knows about the delivery. */
export interface Delivery {
  /** The queue message id: stable across redeliveries of one message, different for a second message. */
  readonly messageId?: string;
  readonly dequeueCount?: number;
}

export class JobRunner {
  private readonly clock: Clock;

  constructor(private readonly deps: JobRunnerDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** Runs the job a message names. Returns how it ended; throws JobAttemptFailed when the queue should retry. */
  async run(message: unknown, log: Logger, delivery: Delivery = {}): Promise<RunOutcome> {
    let key: JobKey;
    try {
      key = parseJobMessage(message);
    } catch (err) {
      if (!(err instanceof JobMessageInvalid)) throw err;
      log.error(`Dropping an invalid job message: ${err.message}`);
      return 'invalidMessage';
    }
    const stored = await this.deps.store.get(key);
    if (!stored) {
      log.warn('Job record not found (deleted with its item?): dropping the message', { jobInstanceId: key.jobInstanceId });
      return 'skipped';
    }
    if (isTerminal(stored.record.status)) {
      log.info('Job already finished: dropping the message', { jobInstanceId: key.jobInstanceId, status: stored.record.status });
      return 'skipped';
    }
    const nowMs = this.clock.now();
    const late = overdueError(stored.record, nowMs, 0);
    if (late) return this.systemFail(key, stored, late.errorCode, log, () => late);

    const resolved = this.deps.types.resolve(stored.record.jobType);
    if (!resolved) return this.systemFail(key, stored, 'UnknownJobType', log, () => JobErrors.unknownJobType(stored.record.jobType));

    const runId = randomUUID();
    const started = await updateJob(
      this.deps.store,
      key,
      (s) => (isTerminal(s.record.status) ? undefined : { type: 'start', runId, now: new Date(this.clock.now()).toISOString(), messageId: delivery.messageId }),
      { initial: stored },
    );
    if (started.result?.outcome === 'rejected' && started.result.reason === 'duplicateMessage') {
      log.info('Duplicate job message: the job runs from the message that started it; dropping this one', { jobInstanceId: key.jobInstanceId });
      return 'duplicate';
    }
    if (!started.stored || started.result?.outcome !== 'changed') return 'skipped';
    const record = started.stored.record;
    log.info('Job attempt started', { jobInstanceId: key.jobInstanceId, jobType: record.jobType, attempt: record.attempts, dequeueCount: delivery.dequeueCount, resumeFromStep: record.progress?.completedSteps });

    const session = new RunSession(
      { store: this.deps.store, tokens: this.deps.tokens, oneLake: this.deps.oneLake, clock: this.clock, checkpointIntervalMs: this.deps.checkpointIntervalMs ?? 500, log },
      started.stored,
      runId,
      resolved.declaration.scopes ?? [],
    );
    try {
      const item = await this.deps.items.get(key.tenantId, key.workspaceId, key.itemId);
      if (!item) {
        await session.finish((now) => ({ type: 'fail', runId, now, error: JobErrors.itemNotFound(key.itemId) }));
        log.warn('Job failed: its item is gone', { jobInstanceId: key.jobInstanceId });
        return 'failed';
      }
      const executionData = parseExecutionDataOf(resolved.declaration, record.executionData);
      const ctx: JobContext<unknown> = {
        tenantId: key.tenantId,
        user: record.user,
        workspaceId: key.workspaceId,
        itemId: key.itemId,
        itemType: record.itemType,
        jobType: record.jobType,
        jobInstanceId: key.jobInstanceId,
        invokeType: record.invokeType,
        attempt: record.attempts,
        item: withSnapshot(item, record.definitionSnapshot as ItemDefinition | undefined),
        executionData,
        ...(record.progress ? { resume: { ...record.progress, ...(record.checkpointState !== undefined ? { state: record.checkpointState } : {}) } } : {}),
        checkpoint: (u) => session.checkpoint(u),
        signal: session.signal,
        tokens: session.tokenSource,
        oneLake: session.fileWriter,
        log,
      };
      await session.untilDeadline(resolved.declaration.handler(ctx));
      const done = await session.finish((now) => ({ type: 'complete', runId, now }));
      if (done?.outcome !== 'changed') return this.takenOver(log, key);
      log.info('Job completed', { jobInstanceId: key.jobInstanceId, attempt: record.attempts });
      return 'completed';
    } catch (err) {
      return this.afterFailure(err, session, key, log);
    } finally {
      session.stop(new JobOwnershipLostSignal('the attempt ended'));
    }
  }

  /** A message exhausted its retries (poison queue): the job is failed, with the last error it recorded. */
  async failExhausted(message: unknown, log: Logger): Promise<void> {
    let key: JobKey;
    try {
      key = parseJobMessage(message);
    } catch (err) {
      if (!(err instanceof JobMessageInvalid)) throw err;
      log.error(`Dropping an invalid poison job message: ${err.message}`);
      return;
    }
    const out = await updateJob(this.deps.store, key, (s) =>
      isTerminal(s.record.status) ? undefined : { type: 'fail', now: new Date(this.clock.now()).toISOString(), error: JobErrors.retriesExhausted(s.record.attempts, { last: s.record.lastError }) },
    );
    if (out.result?.outcome === 'changed') log.error('Job failed: its message exhausted its retries', { jobInstanceId: key.jobInstanceId, attempts: out.stored?.record.attempts });
    else log.info('Poison job message for a job that already ended', { jobInstanceId: key.jobInstanceId, status: out.stored?.record.status ?? 'missing' });
  }

  private async afterFailure(thrown: unknown, session: RunSession, key: JobKey, log: Logger): Promise<RunOutcome> {
    const runId = session.runId;
    // When the attempt was stopped (cancel seen, timeout, takeover), whatever the handler threw afterwards (an aborted
    // request, say) is a consequence: the reason for stopping decides.
    const reason: unknown = session.signal.aborted ? session.signal.reason : undefined;
    const err = reason instanceof JobCancelledSignal || reason instanceof JobOwnershipLostSignal || reason instanceof JobTimedOutSignal ? reason : thrown;
    if (err instanceof JobOwnershipLostSignal) return this.takenOver(log, key);
    if (err instanceof JobCancelledSignal) {
      const r = await session.finish((now) => ({ type: 'acknowledgeCancel', runId, now }));
      if (r?.outcome !== 'changed') return this.takenOver(log, key);
      log.info('Job cancelled at a checkpoint', { jobInstanceId: key.jobInstanceId });
      return 'cancelled';
    }
    if (err instanceof JobTimedOutSignal) {
      const r = await session.finish((now) => ({ type: 'fail', runId, now, error: JobErrors.timedOut(err.timeoutSeconds) }));
      if (r?.outcome !== 'changed') return this.takenOver(log, key);
      log.warn('Job timed out', { jobInstanceId: key.jobInstanceId });
      return 'failed';
    }
    const { body, permanent } = toJobErrorBody(err);
    log.warn(`Job attempt failed: ${body.errorCode}`, { jobInstanceId: key.jobInstanceId, permanent, cause: describeError(err) });
    if (permanent) {
      const r = await session.finish((now) => ({ type: 'fail', runId, now, error: body }));
      if (r?.outcome !== 'changed') return this.takenOver(log, key);
      return 'failed';
    }
    await session.finish((now) => ({ type: 'recordTransientError', runId, now, error: body })).catch((e) =>
      log.warn('Could not record the transient error on the job', { cause: describeError(e) }),
    );
    throw new JobAttemptFailed(`Job ${key.jobInstanceId} attempt failed (${body.errorCode}); the queue will retry it`);
  }

  private takenOver(log: Logger, key: JobKey): RunOutcome {
    log.info('Job attempt stopped: another attempt owns the job or it already ended', { jobInstanceId: key.jobInstanceId });
    return 'takenOver';
  }

  private async systemFail(key: JobKey, stored: StoredJob, reason: string, log: Logger, error: () => ReturnType<typeof JobErrors.internal>): Promise<RunOutcome> {
    const out = await updateJob(this.deps.store, key, (s) => (isTerminal(s.record.status) ? undefined : { type: 'fail', now: new Date(this.clock.now()).toISOString(), error: error() }), { initial: stored });
    log.warn(`Job failed before it ran: ${reason}`, { jobInstanceId: key.jobInstanceId, outcome: out.result?.outcome });
    return out.result?.outcome === 'changed' ? 'failed' : 'skipped';
  }
}

function withSnapshot(item: JobItem, snapshot: ItemDefinition | undefined): JobItem {
  return snapshot ? { ...item, definition: snapshot } : item;
}
