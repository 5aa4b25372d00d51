import { JobError } from '../catalog/errors';
import type { ErrorBody } from '../fabric/error-body';
import { FabricError } from '../fabric/errors';

/** Thrown by a checkpoint when a cancel was requested: the handler must stop without writing output. */
export class JobCancelledSignal extends Error {
  override readonly name = 'JobCancelledSignal';
  constructor() {
    super('The job was cancelled');
  }
}

/** Thrown by a checkpoint when another attempt took the job over, or the job was finished elsewhere. */
export class JobOwnershipLostSignal extends Error {
  override readonly name = 'JobOwnershipLostSignal';
  constructor(reason: string) {
    super(`This attempt no longer owns the job: ${reason}`);
  }
}

/** Thrown by a checkpoint when the job ran past its job type's timeout. */
export class JobTimedOutSignal extends Error {
  override readonly name = 'JobTimedOutSignal';
  constructor(readonly timeoutSeconds: number) {
    super(`The job did not finish within its timeout of ${timeoutSeconds} seconds`);
  }
}

/** The store refused a write because the record changed since it was read (ETag mismatch). */
export class JobConcurrencyError extends Error {
  override readonly name = 'JobConcurrencyError';
}

/** The store refused a create because the jobInstanceId is already taken. */
export class JobAlreadyExistsError extends Error {
  override readonly name = 'JobAlreadyExistsError';
}

/** The error bodies the job machinery itself reports (handlers report their own through JobError). */
export const JobErrors = {
  instanceNotFound: (jobInstanceId: string): ErrorBody =>
    ({ errorCode: 'JobInstanceNotFound', message: `No job instance ${jobInstanceId} exists for this item and job type`, source: 'User', isPermanent: true }),
  notStartedInTime: (hours: number): ErrorBody =>
    ({ errorCode: 'JobNotStartedInTime', message: `The job did not start within ${hours} hours of its creation and will not run`, source: 'System', isPermanent: false }),
  timedOut: (timeoutSeconds: number): ErrorBody =>
    ({ errorCode: 'JobTimedOut', message: `The job did not finish within its timeout of ${timeoutSeconds} seconds`, source: 'System', isPermanent: false }),
  retriesExhausted: (attempts: number, { last }: { readonly last?: ErrorBody } = {}): ErrorBody => ({
    errorCode: 'JobRetriesExhausted',
    message: `The job failed on every attempt (${attempts}) and will not be retried${last ? `; last error: ${last.message}` : ''}`,
    source: 'System',
    isPermanent: false,
    ...(last ? { moreDetails: [{ errorCode: last.errorCode, message: last.message }] } : {}),
  }),
  itemNotFound: (itemId: string): ErrorBody => ({ errorCode: 'ItemNotFound', message: `Item ${itemId} does not exist (it may have been deleted)`, source: 'User', isPermanent: true }),
  unknownJobType: (jobType: string): ErrorBody => ({ errorCode: 'UnknownJobType', message: `Job type ${jobType} is not served by this workload`, source: 'System', isPermanent: true }),
  internal: (): ErrorBody => ({ errorCode: 'InternalError', message: 'The job failed because of an internal error', source: 'System', isPermanent: false }),
};

/** Turns whatever a job handler threw into the error body recorded on the job. Unknown errors never leak details. */
export function toJobErrorBody(err: unknown): { body: ErrorBody; permanent: boolean } {
  if (err instanceof JobError) return { body: err.toBody(), permanent: err.isPermanent };
  // A FabricError says itself whether trying again can help (consent missing, bad input, OneLake 403/404: no).
  if (err instanceof FabricError) return { body: err.toBody(), permanent: err.isPermanent };
  return { body: JobErrors.internal(), permanent: false };
}

export class JobMessageInvalid extends Error {
  override readonly name = 'JobMessageInvalid';
}

/** Thrown to make the host retry the message. Carries the recorded error code only (no details, no secrets). */
export class JobAttemptFailed extends Error {
  override readonly name = 'JobAttemptFailed';
}
