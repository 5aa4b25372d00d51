/**
 * The job state machine. Pure: no I/O, no clock (the caller passes `now`). Every write to a job record goes
 * through `transition`, and the store writes the result only if the record's ETag is unchanged, so two writers
 * (runner, cancel, poll, a second attempt) can never silently overwrite each other.
 *
 *   NotStarted ──start──▶ InProgress ──complete──▶ Completed
 *       │                  │  ▲ start (retry / takeover by the same message: new runId, progress kept)
 *       │                  │  └─ checkpoint (owner only)
 *       │                  ├──fail──▶ Failed
 *       │                  └──requestCancel (flag) … acknowledgeCancel (owner) ──▶ Cancelled
 *       ├──requestCancel──▶ Cancelled (nothing runs yet)
 *       └──fail (system: not started in time, retries exhausted)──▶ Failed
 * Final states never change again; events on them are reported as `unchanged` (cancel, system failure) or
 * `rejected` (runner events), never applied.
 */
import type { ErrorBody } from '../fabric/error-body';
import type { JobProgress, JobStateFields } from './job-record';
import { isTerminal } from './job-state';

export type JobEvent =
  /**
   * A runner attempt begins, carried by queue message `messageId`. On an InProgress job this is a retry or a
   * takeover after a crash, allowed only for the message that started the job (a redelivery keeps its id).
   */
  | { readonly type: 'start'; readonly runId: string; readonly now: string; readonly messageId?: string }
  /** The owner reports progress (and optional resume state). */
  | { readonly type: 'checkpoint'; readonly runId: string; readonly now: string; readonly progress?: JobProgress; readonly checkpointState?: unknown }
  /** The owner refreshed the long-running grant (token rotation). */
  | { readonly type: 'storeGrant'; readonly runId: string; readonly now: string; readonly grant: string }
  /** The owner records a transient failure; the queue will retry. */
  | { readonly type: 'recordTransientError'; readonly runId: string; readonly now: string; readonly error: ErrorBody }
  | { readonly type: 'complete'; readonly runId: string; readonly now: string }
  /** runId present: the owner fails its job. Absent: the system fails it (poison queue, start deadline, timeout). */
  | { readonly type: 'fail'; readonly runId?: string; readonly now: string; readonly error: ErrorBody }
  | { readonly type: 'requestCancel'; readonly now: string }
  /** The owner saw the cancel request at a checkpoint and stopped. */
  | { readonly type: 'acknowledgeCancel'; readonly runId: string; readonly now: string };

export type RejectReason = 'final' | 'notOwner' | 'notRunning' | 'noCancelRequested' | 'duplicateMessage';

export type TransitionResult<T extends JobStateFields> =
  | { readonly outcome: 'changed'; readonly state: T }
  | { readonly outcome: 'unchanged'; readonly state: T }
  | { readonly outcome: 'rejected'; readonly state: T; readonly reason: RejectReason };

/** Fields cleared when a job reaches a final state: the grant (a credential) and resume data are no longer needed. */
function finish<T extends JobStateFields>(s: T, patch: Partial<JobStateFields>): T {
  return { ...s, ...patch, grant: undefined, checkpointState: undefined, runId: undefined, runMessageId: undefined };
}

export function transition<T extends JobStateFields>(s: T, e: JobEvent): TransitionResult<T> {
  const changed = (state: T): TransitionResult<T> => ({ outcome: 'changed', state });
  const unchanged: TransitionResult<T> = { outcome: 'unchanged', state: s };
  const reject = (reason: RejectReason): TransitionResult<T> => ({ outcome: 'rejected', state: s, reason });
  const owns = (runId: string) => s.status === 'InProgress' && s.runId === runId;

  switch (e.type) {
    case 'start':
      if (isTerminal(s.status)) return reject('final');
      if (s.status === 'NotStarted') {
        return changed({ ...s, status: 'InProgress', startTimeUtc: e.now, runId: e.runId, runMessageId: e.messageId, attempts: s.attempts + 1, lastHeartbeatUtc: e.now });
      }
      // InProgress: a retry after a transient failure, or a takeover after a crash, by the message that carries the
      // job. Another message (a repeated create enqueued a second one) must not start a second run.
      if (s.runMessageId !== undefined && e.messageId !== undefined && s.runMessageId !== e.messageId) return reject('duplicateMessage');
      return changed({ ...s, runId: e.runId, runMessageId: e.messageId ?? s.runMessageId, attempts: s.attempts + 1, lastHeartbeatUtc: e.now });

    case 'checkpoint':
      if (isTerminal(s.status)) return reject('final');
      if (!owns(e.runId)) return reject(s.status === 'InProgress' ? 'notOwner' : 'notRunning');
      return changed({
        ...s,
        lastHeartbeatUtc: e.now,
        ...(e.progress ? { progress: e.progress } : {}),
        ...(e.checkpointState !== undefined ? { checkpointState: e.checkpointState } : {}),
      });

    case 'storeGrant':
      if (isTerminal(s.status)) return reject('final');
      if (!owns(e.runId)) return reject(s.status === 'InProgress' ? 'notOwner' : 'notRunning');
      return s.grant === e.grant ? unchanged : changed({ ...s, grant: e.grant });

    case 'recordTransientError':
      if (isTerminal(s.status)) return reject('final');
      if (!owns(e.runId)) return reject(s.status === 'InProgress' ? 'notOwner' : 'notRunning');
      return changed({ ...s, lastError: e.error, lastHeartbeatUtc: e.now });

    case 'complete':
      if (isTerminal(s.status)) return reject('final');
      if (!owns(e.runId)) return reject(s.status === 'InProgress' ? 'notOwner' : 'notRunning');
      // A cancel that arrives after the last checkpoint is too late: the output is complete, the job completed.
      return changed(finish(s, { status: 'Completed', endTimeUtc: e.now, errorDetails: undefined, lastError: undefined, ...(s.progress ? { progress: { ...s.progress, completedSteps: s.progress.totalSteps } } : {}) }));

    case 'fail':
      if (isTerminal(s.status)) return e.runId === undefined ? unchanged : reject('final');
      if (e.runId !== undefined && !owns(e.runId)) return reject(s.status === 'InProgress' ? 'notOwner' : 'notRunning');
      return changed(finish(s, { status: 'Failed', endTimeUtc: e.now, errorDetails: e.error }));

    case 'requestCancel':
      if (isTerminal(s.status)) return unchanged;
      if (s.status === 'NotStarted') return changed(finish(s, { status: 'Cancelled', cancelRequestedUtc: e.now, endTimeUtc: e.now }));
      return s.cancelRequestedUtc ? unchanged : changed({ ...s, cancelRequestedUtc: e.now });

    case 'acknowledgeCancel':
      if (isTerminal(s.status)) return reject('final');
      if (!owns(e.runId)) return reject(s.status === 'InProgress' ? 'notOwner' : 'notRunning');
      if (!s.cancelRequestedUtc) return reject('noCancelRequested');
      return changed(finish(s, { status: 'Cancelled', endTimeUtc: e.now }));
  }
}
