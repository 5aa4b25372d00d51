/** What callers see of a job record: Fabric's ItemJobInstanceState, plus progress for a response header. Pure. */
import { JobErrors } from './errors';
import type { JobProgress, JobRecord } from './job-record';
import type { ItemJobInstanceState } from './job-state';

export interface JobView {
  readonly state: ItemJobInstanceState;
  /** Progress of a job that reported some; answered in the Job-Progress header (the body schema allows no extras). */
  readonly progress?: JobProgress;
}

export function jobView(r: Pick<JobRecord, 'status' | 'startTimeUtc' | 'endTimeUtc' | 'errorDetails' | 'progress'>): JobView {
  const state: ItemJobInstanceState = {
    status: r.status,
    ...(r.startTimeUtc ? { startTimeUtc: r.startTimeUtc } : {}),
    ...(r.endTimeUtc ? { endTimeUtc: r.endTimeUtc } : {}),
    ...(r.status === 'Failed' && r.errorDetails ? { errorDetails: r.errorDetails } : {}),
  };
  return r.progress ? { state, progress: r.progress } : { state };
}

/** An unknown jobInstanceId: Fabric requires 200 with a Failed state, not a 404. */
export function notFoundView(jobInstanceId: string): JobView {
  return { state: { status: 'Failed', errorDetails: JobErrors.instanceNotFound(jobInstanceId) } };
}

export const PROGRESS_HEADER = 'Job-Progress';

/** `Job-Progress: <completed>/<total>` when the job reported progress. */
export function progressHeaders(view: JobView): Record<string, string> {
  return view.progress ? { [PROGRESS_HEADER]: `${view.progress.completedSteps}/${view.progress.totalSteps}` } : {};
}
