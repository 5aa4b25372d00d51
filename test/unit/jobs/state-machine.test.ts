import fc from 'fast-check';
import { transition, type JobEvent } from '../../../src/jobs/state-machine';
import type { JobStateFields } from '../../../src/jobs/job-record';
import type { ErrorBody } from '../../../src/fabric/error-body';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';
const T2 = '2026-01-01T00:02:00.000Z';
const ERR: ErrorBody = { errorCode: 'Boom', message: 'boom', source: 'User', isPermanent: true };

const notStarted: JobStateFields = { status: 'NotStarted', attempts: 0, grant: 'sealed-grant' };
const running: JobStateFields = { status: 'InProgress', attempts: 1, runId: 'run-1', startTimeUtc: T0, grant: 'sealed-grant', progress: { completedSteps: 2, totalSteps: 5 }, checkpointState: { value: 7 } };

function changed(s: JobStateFields, e: JobEvent): JobStateFields {
  const r = transition(s, e);
  expect(r.outcome).toBe('changed');
  return r.state;
}

describe('job state machine', () => {
  it('start moves NotStarted to InProgress with a start time, an owner and attempt 1', () => {
    const s = changed(notStarted, { type: 'start', runId: 'run-1', now: T0 });
    expect(s).toMatchObject({ status: 'InProgress', startTimeUtc: T0, runId: 'run-1', attempts: 1, lastHeartbeatUtc: T0 });
  });

  it('start on a running job is a retry/takeover: new owner, same start time, progress kept', () => {
    const s = changed(running, { type: 'start', runId: 'run-2', now: T1 });
    expect(s).toMatchObject({ status: 'InProgress', startTimeUtc: T0, runId: 'run-2', attempts: 2, progress: { completedSteps: 2, totalSteps: 5 }, checkpointState: { value: 7 } });
  });

  it('only the message that started a job may restart it; a second message is a duplicate', () => {
    const s = changed(notStarted, { type: 'start', runId: 'run-1', now: T0, messageId: 'm1' });
    expect(s.runMessageId).toBe('m1');
    expect(transition(s, { type: 'start', runId: 'run-2', now: T1, messageId: 'm2' })).toMatchObject({ outcome: 'rejected', reason: 'duplicateMessage' });
    expect(changed(s, { type: 'start', runId: 'run-2', now: T1, messageId: 'm1' })).toMatchObject({ runId: 'run-2', attempts: 2, runMessageId: 'm1' });
    // Without message ids (another host, a test) a restart is allowed.
    expect(changed(s, { type: 'start', runId: 'run-3', now: T1 })).toMatchObject({ runId: 'run-3', runMessageId: 'm1' });
    expect(changed(s, { type: 'complete', runId: 'run-1', now: T2 }).runMessageId).toBeUndefined();
  });

  it.each(['Completed', 'Failed', 'Cancelled'] as const)('a %s job cannot be started, checkpointed, completed or failed by a runner', (status) => {
    const done: JobStateFields = { status, attempts: 1, endTimeUtc: T1 };
    for (const e of [
      { type: 'start', runId: 'r', now: T2 },
      { type: 'checkpoint', runId: 'r', now: T2 },
      { type: 'complete', runId: 'r', now: T2 },
      { type: 'fail', runId: 'r', now: T2, error: ERR },
      { type: 'acknowledgeCancel', runId: 'r', now: T2 },
      { type: 'storeGrant', runId: 'r', now: T2, grant: 'g' },
    ] as JobEvent[]) {
      const r = transition(done, e);
      expect(r).toMatchObject({ outcome: 'rejected', reason: 'final' });
      expect(r.state).toBe(done);
    }
  });

  it.each(['Completed', 'Failed', 'Cancelled'] as const)('cancelling or system-failing a %s job changes nothing', (status) => {
    const done: JobStateFields = { status, attempts: 1, endTimeUtc: T1 };
    expect(transition(done, { type: 'requestCancel', now: T2 })).toEqual({ outcome: 'unchanged', state: done });
    expect(transition(done, { type: 'fail', now: T2, error: ERR })).toEqual({ outcome: 'unchanged', state: done });
  });

  it('only the owner may checkpoint, complete, fail or acknowledge a cancel', () => {
    for (const e of [
      { type: 'checkpoint', runId: 'other', now: T1 },
      { type: 'complete', runId: 'other', now: T1 },
      { type: 'fail', runId: 'other', now: T1, error: ERR },
      { type: 'acknowledgeCancel', runId: 'other', now: T1 },
      { type: 'recordTransientError', runId: 'other', now: T1, error: ERR },
      { type: 'storeGrant', runId: 'other', now: T1, grant: 'g2' },
    ] as JobEvent[]) {
      expect(transition({ ...running, cancelRequestedUtc: T1 }, e)).toMatchObject({ outcome: 'rejected', reason: 'notOwner' });
    }
  });

  it('runner events on a job that has not started are rejected as notRunning', () => {
    expect(transition(notStarted, { type: 'checkpoint', runId: 'r', now: T1 })).toMatchObject({ outcome: 'rejected', reason: 'notRunning' });
    expect(transition(notStarted, { type: 'complete', runId: 'r', now: T1 })).toMatchObject({ outcome: 'rejected', reason: 'notRunning' });
  });

  it('checkpoint stores progress, resume state and a heartbeat', () => {
    const s = changed(running, { type: 'checkpoint', runId: 'run-1', now: T1, progress: { completedSteps: 3, totalSteps: 5 }, checkpointState: { value: 9 } });
    expect(s).toMatchObject({ progress: { completedSteps: 3, totalSteps: 5 }, checkpointState: { value: 9 }, lastHeartbeatUtc: T1, status: 'InProgress' });
  });

  it('complete ends the job, sets the end time and clears the grant, owner and resume state', () => {
    const s = changed(running, { type: 'complete', runId: 'run-1', now: T2 });
    expect(s.status).toBe('Completed');
    expect(s.endTimeUtc).toBe(T2);
    expect(s.startTimeUtc).toBe(T0);
    expect(s.grant).toBeUndefined();
    expect(s.runId).toBeUndefined();
    expect(s.checkpointState).toBeUndefined();
    expect(s.progress).toEqual({ completedSteps: 5, totalSteps: 5 });
  });

  it('a cancel that arrives after the last checkpoint does not undo a completed output', () => {
    const s = changed({ ...running, cancelRequestedUtc: T1 }, { type: 'complete', runId: 'run-1', now: T2 });
    expect(s.status).toBe('Completed');
  });

  it('fail by the owner records the error; fail by the system needs no owner', () => {
    expect(changed(running, { type: 'fail', runId: 'run-1', now: T2, error: ERR })).toMatchObject({ status: 'Failed', errorDetails: ERR, endTimeUtc: T2, grant: undefined });
    expect(changed(notStarted, { type: 'fail', now: T2, error: ERR })).toMatchObject({ status: 'Failed', errorDetails: ERR, endTimeUtc: T2 });
    expect(changed(running, { type: 'fail', now: T2, error: ERR })).toMatchObject({ status: 'Failed', errorDetails: ERR });
  });

  it('cancelling a job that has not started cancels it at once', () => {
    const s = changed(notStarted, { type: 'requestCancel', now: T1 });
    expect(s).toMatchObject({ status: 'Cancelled', endTimeUtc: T1, cancelRequestedUtc: T1, grant: undefined });
    expect(transition(s, { type: 'start', runId: 'r', now: T2 })).toMatchObject({ outcome: 'rejected', reason: 'final' });
  });

  it('cancelling a running job only marks it; the owner acknowledges at a checkpoint', () => {
    const marked = changed(running, { type: 'requestCancel', now: T1 });
    expect(marked).toMatchObject({ status: 'InProgress', cancelRequestedUtc: T1 });
    expect(transition(marked, { type: 'requestCancel', now: T2 }).outcome).toBe('unchanged');
    expect(transition(running, { type: 'acknowledgeCancel', runId: 'run-1', now: T2 })).toMatchObject({ outcome: 'rejected', reason: 'noCancelRequested' });
    expect(changed(marked, { type: 'acknowledgeCancel', runId: 'run-1', now: T2 })).toMatchObject({ status: 'Cancelled', endTimeUtc: T2, grant: undefined });
  });

  it('a transient error is recorded without ending the job; a rotated grant replaces the stored one', () => {
    expect(changed(running, { type: 'recordTransientError', runId: 'run-1', now: T1, error: ERR })).toMatchObject({ status: 'InProgress', lastError: ERR });
    expect(changed(running, { type: 'storeGrant', runId: 'run-1', now: T1, grant: 'rotated' }).grant).toBe('rotated');
    expect(transition(running, { type: 'storeGrant', runId: 'run-1', now: T1, grant: 'sealed-grant' }).outcome).toBe('unchanged');
  });

  it('never leaves a final state, and every final state has an end time and no grant (any event sequence)', () => {
    const runId = fc.constantFrom('a', 'b');
    const event: fc.Arbitrary<JobEvent> = fc.oneof(
      runId.map((r) => ({ type: 'start', runId: r, now: T1 }) as JobEvent),
      runId.map((r) => ({ type: 'checkpoint', runId: r, now: T1, progress: { completedSteps: 1, totalSteps: 2 } }) as JobEvent),
      runId.map((r) => ({ type: 'complete', runId: r, now: T2 }) as JobEvent),
      runId.map((r) => ({ type: 'fail', runId: r, now: T2, error: ERR }) as JobEvent),
      fc.constant({ type: 'fail', now: T2, error: ERR } as JobEvent),
      fc.constant({ type: 'requestCancel', now: T1 } as JobEvent),
      runId.map((r) => ({ type: 'acknowledgeCancel', runId: r, now: T2 }) as JobEvent),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        let s: JobStateFields = notStarted;
        let final: JobStateFields | undefined;
        for (const e of events) {
          s = transition(s, e).state;
          if (final && s !== final) return false;
          if (!final && ['Completed', 'Failed', 'Cancelled'].includes(s.status)) {
            if (s.endTimeUtc === undefined || s.grant !== undefined) return false;
            final = s;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
