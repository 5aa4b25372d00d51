/**
 * One attempt at running one job: owns the job record (by runId) while it runs, stores checkpoints, sees
 * cancellation, timeouts and takeovers, hands out delegated tokens from the long-running grant and writes the
 * job's files. Every record write is an ETag-guarded state-machine event (job-updates.ts).
 */
import type { Logger } from '../observability/logger';
import { OneLakePathInvalid } from '../onelake/errors';
import { itemRelativePath } from '../onelake/paths';
import { ONELAKE_SCOPE } from '../onelake/scopes';
import { runDeadline } from './deadlines';
import { JobError } from '../catalog/errors';
import { JobCancelledSignal, JobOwnershipLostSignal, JobTimedOutSignal } from './errors';
import type { JobKey, StoredJob } from './job-record';
import type { JobStore } from './job-store';
import type { CheckpointUpdate, ItemFileWriter, JobTokenSource } from '../catalog/job-type';
import { updateJob } from './job-updates';
import type { Clock } from '../shared/clock';
import { grantJobOf, type LongRunningTokens, type OneLakeWriter } from './ports';
import type { JobEvent, TransitionResult } from './state-machine';

/** Resume state stored at a checkpoint, as JSON. */
export const MAX_CHECKPOINT_STATE_CHARS = 16 * 1024;
/** A token this close to expiry is not handed out again. */
const TOKEN_REUSE_MARGIN_MS = 60_000;

export interface RunSessionDeps {
  readonly store: JobStore;
  readonly tokens: LongRunningTokens;
  readonly oneLake: OneLakeWriter;
  readonly clock: Clock;
  /** Checkpoints closer together than this are not all stored (the last step always is). */
  readonly checkpointIntervalMs: number;
  readonly log: Logger;
}

export class RunSession {
  private current: StoredJob;
  private lastWriteMs: number;
  private readonly abort = new AbortController();
  private readonly tokenCache = new Map<string, { token: string; expiresOnMs: number }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly deps: RunSessionDeps,
    started: StoredJob,
    readonly runId: string,
    private readonly scopes: readonly string[],
  ) {
    this.current = started;
    this.lastWriteMs = deps.clock.now();
  }

  get record() {
    return this.current.record;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  private get key(): JobKey {
    return this.current.record;
  }

  /** Arms the timeout: at the job's deadline the signal aborts and `untilDeadline` rejects. */
  untilDeadline<T>(work: Promise<T>): Promise<T> {
    const deadline = runDeadline(this.current.record) ?? this.deps.clock.now();
    const timeout = new JobTimedOutSignal(this.current.record.timeoutSeconds);
    const expired = new Promise<never>((_, reject) => {
      const ms = Math.max(0, deadline - this.deps.clock.now());
      this.timer = setTimeout(() => {
        this.stop(timeout);
        reject(timeout);
      }, ms);
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(this.timer));
  }

  /** Stops the attempt: aborts the handler's signal with the reason. */
  stop(reason: Error): void {
    if (!this.abort.signal.aborted) this.abort.abort(reason);
  }

  /** The checkpoint handed to the handler (see JobContext.checkpoint). */
  async checkpoint(update: CheckpointUpdate): Promise<void> {
    this.throwIfStopped();
    const { completedSteps, totalSteps, state } = update;
    if (!Number.isSafeInteger(totalSteps) || totalSteps < 0 || !Number.isSafeInteger(completedSteps) || completedSteps < 0 || completedSteps > totalSteps) {
      throw new Error('checkpoint needs whole numbers 0 <= completedSteps <= totalSteps');
    }
    if (state !== undefined && JSON.stringify(state).length > MAX_CHECKPOINT_STATE_CHARS) {
      throw new Error(`checkpoint state must be at most ${MAX_CHECKPOINT_STATE_CHARS} characters of JSON`);
    }
    const nowMs = this.deps.clock.now();
    const deadline = runDeadline(this.current.record);
    if (deadline !== undefined && nowMs > deadline) {
      const timeout = new JobTimedOutSignal(this.current.record.timeoutSeconds);
      this.stop(timeout);
      throw timeout;
    }
    const last = completedSteps === totalSteps;
    if (!last && nowMs - this.lastWriteMs < this.deps.checkpointIntervalMs) return;
    const now = new Date(nowMs).toISOString();
    await this.ownerWrite(() => ({ type: 'checkpoint', runId: this.runId, now, progress: { completedSteps, totalSteps }, ...(state !== undefined ? { checkpointState: state } : {}) }));
    this.lastWriteMs = nowMs;
    if (this.current.record.cancelRequestedUtc) {
      const cancelled = new JobCancelledSignal();
      this.stop(cancelled);
      throw cancelled;
    }
  }

  /** Delegated tokens for the job's user from the long-running grant; a rotated grant is stored at once. */
  readonly tokenSource: JobTokenSource = {
    getToken: async (scopes) => (await this.token(scopes)).token,
  };

  async token(scopes: readonly string[]): Promise<{ token: string; expiresOnMs: number }> {
    this.throwIfStopped();
    for (const s of scopes) {
      if (!this.scopes.includes(s)) throw new JobError(`The job type did not declare the scope ${s}`, { errorCode: 'ScopeNotDeclared', source: 'System', isPermanent: true });
    }
    const cacheKey = [...scopes].sort().join(' ');
    const cached = this.tokenCache.get(cacheKey);
    if (cached && cached.expiresOnMs - this.deps.clock.now() > TOKEN_REUSE_MARGIN_MS) return cached;
    const grant = this.current.record.grant;
    if (!grant) throw new JobError('The job holds no delegated access for its user', { errorCode: 'DelegatedAccessMissing', source: 'System', isPermanent: true });
    const record = this.current.record;
    // The grant unseals only for the job and user it was begun for: one copied from another job row is invalid.
    const got = await this.deps.tokens.acquire({ grant, tenantId: record.tenantId, scopes, job: grantJobOf(record, record.user) });
    if (got.grant !== grant) {
      const now = new Date(this.deps.clock.now()).toISOString();
      await this.ownerWrite(() => ({ type: 'storeGrant', runId: this.runId, now, grant: got.grant }));
    }
    const token = { token: got.token, expiresOnMs: got.expiresOnMs };
    this.tokenCache.set(cacheKey, token);
    return token;
  }

  /** Writes into the job's item folder in OneLake with the user's delegated storage token. */
  readonly fileWriter: ItemFileWriter = {
    writeFile: async (relativePath, content, contentType) => {
      try {
        itemRelativePath(relativePath);
      } catch (err) {
        if (err instanceof OneLakePathInvalid) throw new JobError(err.message, { errorCode: 'InvalidOutputPath', source: 'System', isPermanent: true });
        throw err;
      }
      this.throwIfStopped();
      const { workspaceId, itemId } = this.current.record;
      return this.deps.oneLake.writeFile({ workspaceId, itemId, relativePath }, content, () => this.token([ONELAKE_SCOPE]), { contentType, abortSignal: this.signal });
    },
  };

  /** Ends the job with an owner event (complete, fail, acknowledgeCancel, recordTransientError). */
  async finish(event: (now: string) => JobEvent): Promise<TransitionResult<StoredJob['record']> | undefined> {
    const now = new Date(this.deps.clock.now()).toISOString();
    const out = await updateJob(this.deps.store, this.key, () => event(now), { initial: this.current });
    if (out.stored) this.current = out.stored;
    return out.result;
  }

  private async ownerWrite(event: () => JobEvent): Promise<void> {
    const out = await updateJob(this.deps.store, this.key, event, { initial: this.current });
    if (!out.stored) throw this.lost('the job record is gone');
    this.current = out.stored;
    if (out.result?.outcome === 'rejected') throw this.lost(out.result.reason === 'final' ? `the job is already ${out.stored.record.status}` : 'another attempt took the job over');
  }

  private lost(reason: string): JobOwnershipLostSignal {
    const signal = new JobOwnershipLostSignal(reason);
    this.stop(signal);
    return signal;
  }

  private throwIfStopped(): void {
    if (this.abort.signal.aborted) throw this.abort.signal.reason instanceof Error ? this.abort.signal.reason : new JobOwnershipLostSignal('the attempt was stopped');
  }
}
