/** Errors item types and job types throw, each with a stable code. */
import type { ErrorBody, ErrorExtendedInformation, ErrorSource } from '../fabric/error-body';
import { FabricError } from '../fabric/errors';

/** 400: the item content (definition, payload, names) is malformed. Message says what is wrong. */
export class InvalidItemPayloadError extends FabricError {
  override readonly name = 'InvalidItemPayloadError';
  constructor(message: string) {
    super(message, { status: 400, errorCode: 'InvalidItemPayload', source: 'User', isPermanent: true });
  }
}

const PRINTABLE_TYPE = /^[A-Za-z0-9._-]{1,128}$/;

/** 400: the route names an item type this workload does not declare. */
export class UnknownItemTypeError extends FabricError {
  override readonly name = 'UnknownItemTypeError';
  constructor(itemType: string, served: readonly string[]) {
    const shown = PRINTABLE_TYPE.test(itemType) ? `Item type "${itemType}"` : 'The requested item type';
    super(`${shown} is not served by this workload; it serves: ${served.join(', ') || '(none)'}`, {
      status: 400,
      errorCode: 'UnknownItemType',
      source: 'User',
      isPermanent: true,
    });
  }
}

export interface JobErrorOptions {
  readonly errorCode: string;
  readonly source: ErrorSource;
  /** True when running the same job again cannot succeed (bad input, missing item). False: a retry may succeed. */
  readonly isPermanent: boolean;
  readonly moreDetails?: readonly ErrorExtendedInformation[];
  readonly cause?: unknown;
}

/**
 * What a job handler throws to fail its job with a specific error. A permanent error fails the job at once;
 * a transient one (isPermanent false) lets the queue retry the job until its retries are exhausted.
 * The message is shown to the user in Fabric's monitoring hub: no tokens, secrets or stack traces.
 */
export class JobError extends Error {
  override readonly name: string = 'JobError';
  readonly errorCode: string;
  readonly source: ErrorSource;
  readonly isPermanent: boolean;
  readonly moreDetails?: readonly ErrorExtendedInformation[];

  constructor(message: string, options: JobErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.errorCode = options.errorCode;
    this.source = options.source;
    this.isPermanent = options.isPermanent;
    this.moreDetails = options.moreDetails;
  }

  toBody(): ErrorBody {
    const { errorCode, message, source, isPermanent, moreDetails } = this;
    return { errorCode, message, source, isPermanent, ...(moreDetails && moreDetails.length > 0 ? { moreDetails } : {}) };
  }
}
