/**
 * Time limits of a job. Pure.
 * - Start: Fabric dead-letters a job that has not started within 2 hours of its creation, so a job still
 *   NotStarted by then is reported Failed (on poll, and by the runner if its message arrives that late).
 * - Run: a job type declares a timeout, counted from the job's first start across all attempts. The runner
 *   enforces it at every checkpoint; a poll reports a job that is still InProgress well past it (its worker is
 *   gone for good) as Failed.
 */
import type { ErrorBody } from '../fabric/error-body';
import { JobErrors } from './errors';
import type { JobRecord } from './job-record';

export const START_DEADLINE_HOURS = 2;
export const START_DEADLINE_MS = START_DEADLINE_HOURS * 60 * 60 * 1000;
/** How long past its timeout a job must be silent before a poll declares it lost (the runner normally acts first). */
export const LOST_JOB_GRACE_MS = 5 * 60 * 1000;

export function startDeadline(record: Pick<JobRecord, 'createdUtc'>): number {
  return Date.parse(record.createdUtc) + START_DEADLINE_MS;
}

/** When the running job must be done (first start + timeout); undefined before the first start. */
export function runDeadline(record: Pick<JobRecord, 'startTimeUtc' | 'timeoutSeconds'>): number | undefined {
  return record.startTimeUtc === undefined ? undefined : Date.parse(record.startTimeUtc) + record.timeoutSeconds * 1000;
}

/**
 * The error a job must be failed with because of time, or undefined when it is within its limits.
 * `graceMs` is 0 for the runner (it enforces the timeout itself) and LOST_JOB_GRACE_MS for a poll.
 */
export function overdueError(record: Pick<JobRecord, 'status' | 'createdUtc' | 'startTimeUtc' | 'timeoutSeconds'>, nowMs: number, graceMs: number): ErrorBody | undefined {
  if (record.status === 'NotStarted' && nowMs > startDeadline(record)) return JobErrors.notStartedInTime(START_DEADLINE_HOURS);
  if (record.status === 'InProgress') {
    const deadline = runDeadline(record);
    if (deadline !== undefined && nowMs > deadline + graceMs) return JobErrors.timedOut(record.timeoutSeconds);
  }
  return undefined;
}
