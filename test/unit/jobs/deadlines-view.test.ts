import { overdueError, LOST_JOB_GRACE_MS, START_DEADLINE_MS } from '../../../src/jobs/deadlines';
import { jobView, notFoundView, progressHeaders } from '../../../src/jobs/job-view';

const created = '2026-01-01T00:00:00.000Z';
const t = (ms: number) => Date.parse(created) + ms;

describe('job deadlines', () => {
  it('a job not started within 2 hours is failed, not before', () => {
    const r = { status: 'NotStarted' as const, createdUtc: created, timeoutSeconds: 60 };
    expect(overdueError(r, t(START_DEADLINE_MS), 0)).toBeUndefined();
    expect(overdueError(r, t(START_DEADLINE_MS + 1), 0)).toMatchObject({ errorCode: 'JobNotStartedInTime', source: 'System', isPermanent: false });
    expect(START_DEADLINE_MS).toBe(2 * 60 * 60 * 1000);
  });

  it('a running job past its timeout is failed by the runner at once and by a poll after a grace period', () => {
    const r = { status: 'InProgress' as const, createdUtc: created, startTimeUtc: created, timeoutSeconds: 60 };
    expect(overdueError(r, t(60_000), 0)).toBeUndefined();
    expect(overdueError(r, t(60_001), 0)).toMatchObject({ errorCode: 'JobTimedOut' });
    expect(overdueError(r, t(60_001), LOST_JOB_GRACE_MS)).toBeUndefined();
    expect(overdueError(r, t(60_001 + LOST_JOB_GRACE_MS), LOST_JOB_GRACE_MS)).toMatchObject({ errorCode: 'JobTimedOut' });
  });

  it('final jobs are never overdue', () => {
    for (const status of ['Completed', 'Failed', 'Cancelled'] as const) expect(overdueError({ status, createdUtc: created, timeoutSeconds: 1 }, t(START_DEADLINE_MS * 10), 0)).toBeUndefined();
  });
});

describe('job view', () => {
  it('answers only the swagger fields, errorDetails only when Failed', () => {
    const err = { errorCode: 'E', message: 'm', source: 'User' as const, isPermanent: true };
    expect(jobView({ status: 'InProgress', startTimeUtc: created, progress: { completedSteps: 1, totalSteps: 4 } })).toEqual({
      state: { status: 'InProgress', startTimeUtc: created },
      progress: { completedSteps: 1, totalSteps: 4 },
    });
    expect(jobView({ status: 'Failed', startTimeUtc: created, endTimeUtc: created, errorDetails: err }).state).toEqual({ status: 'Failed', startTimeUtc: created, endTimeUtc: created, errorDetails: err });
    expect(jobView({ status: 'Completed', errorDetails: err }).state).toEqual({ status: 'Completed' });
  });

  it('an unknown job is Failed with JobInstanceNotFound', () => {
    expect(notFoundView('abc').state).toEqual({ status: 'Failed', errorDetails: { errorCode: 'JobInstanceNotFound', message: expect.stringContaining('abc'), source: 'User', isPermanent: true } });
  });

  it('progress goes to the Job-Progress header', () => {
    expect(progressHeaders({ state: { status: 'InProgress' }, progress: { completedSteps: 3, totalSteps: 7 } })).toEqual({ 'Job-Progress': '3/7' });
    expect(progressHeaders({ state: { status: 'NotStarted' } })).toEqual({});
  });
});
