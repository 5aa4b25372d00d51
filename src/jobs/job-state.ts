import type { JobInvokeType } from '../catalog/job-type';
import type { ErrorBody } from '../fabric/error-body';

/** Fabric's `JobInstanceStatus` (swagger enum). */
export type JobStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Cancelled';

export const JOB_STATUSES: readonly JobStatus[] = ['NotStarted', 'InProgress', 'Completed', 'Failed', 'Cancelled'];

/** Completed, Failed and Cancelled are final: nothing changes a job after it reached one of them. */
export function isTerminal(status: JobStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Cancelled';
}

/** Fabric's `ItemJobInstanceState`: what every poll, create (Extensibility Toolkit) and cancel answers. */
export interface ItemJobInstanceState {
  readonly status: JobStatus;
  readonly startTimeUtc?: string;
  readonly endTimeUtc?: string;
  readonly errorDetails?: ErrorBody;
}

/** Fabric's `JobInvokeType` members in the contract's order (Fabric may send the member's number). */
export const JOB_INVOKE_TYPES: readonly JobInvokeType[] = ['UnknownFutureValue', 'Scheduled', 'Manual'];
