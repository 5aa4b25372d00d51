import type { ErrorBody, ErrorExtendedInformation, ErrorSource } from './error-body';

export interface FabricErrorOptions {
  readonly status: number;
  readonly errorCode: string;
  readonly source: ErrorSource;
  readonly isPermanent: boolean;
  readonly moreDetails?: readonly ErrorExtendedInformation[];
  readonly messageParameters?: readonly string[];
  /** Extra response headers, e.g. WWW-Authenticate or Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/**
 * An error that becomes an HTTP answer in Fabric's error body. The message is shown to callers:
 * it must say what was wrong without echoing tokens, secrets or stack traces.
 */
export class FabricError extends Error {
  override readonly name: string = 'FabricError';
  readonly status: number;
  readonly errorCode: string;
  readonly source: ErrorSource;
  readonly isPermanent: boolean;
  readonly moreDetails?: readonly ErrorExtendedInformation[];
  readonly messageParameters?: readonly string[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(message: string, options: FabricErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.errorCode = options.errorCode;
    this.source = options.source;
    this.isPermanent = options.isPermanent;
    this.moreDetails = options.moreDetails;
    this.messageParameters = options.messageParameters;
    this.headers = options.headers ?? {};
  }

  toBody(): ErrorBody {
    return {
      errorCode: this.errorCode,
      message: this.message,
      ...(this.messageParameters ? { messageParameters: this.messageParameters } : {}),
      source: this.source,
      isPermanent: this.isPermanent,
      ...(this.moreDetails ? { moreDetails: this.moreDetails } : {}),
    };
  }
}

/** The Retry-After header for a delay in seconds (whole seconds, at least 1). */
export function retryAfterHeader(seconds: number): Readonly<Record<string, string>> {
  return { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) };
}

/** 400: the request itself is wrong (body, parameters, headers). */
export class InvalidRequestError extends FabricError {
  override readonly name = 'InvalidRequestError';
  constructor(message: string, options: { readonly errorCode?: string; readonly moreDetails?: readonly ErrorExtendedInformation[] } = {}) {
    super(message, { status: 400, errorCode: options.errorCode ?? 'InvalidRequest', source: 'User', isPermanent: true, moreDetails: options.moreDetails });
  }
}

/** 404 */
export class NotFoundError extends FabricError {
  override readonly name = 'NotFoundError';
  constructor(message: string, options: { readonly errorCode?: string } = {}) {
    super(message, { status: 404, errorCode: options.errorCode ?? 'NotFound', source: 'User', isPermanent: true });
  }
}

/** 409 */
export class ConflictError extends FabricError {
  override readonly name = 'ConflictError';
  constructor(message: string, options: { readonly errorCode?: string } = {}) {
    super(message, { status: 409, errorCode: options.errorCode ?? 'Conflict', source: 'User', isPermanent: true });
  }
}

/** 503: a dependency is unavailable; the caller may retry. */
export class ServiceUnavailableError extends FabricError {
  override readonly name: string = 'ServiceUnavailableError';
  constructor(message: string, options: { readonly errorCode?: string; readonly retryAfterSeconds?: number; readonly cause?: unknown } = {}) {
    super(message, {
      status: 503,
      errorCode: options.errorCode ?? 'ServiceUnavailable',
      source: 'System',
      isPermanent: false,
      headers: options.retryAfterSeconds !== undefined ? retryAfterHeader(options.retryAfterSeconds) : undefined,
      cause: options.cause,
    });
  }
}

/** 500 for bugs: a generic message only; details go to the log, never to the caller. */
export class InternalError extends FabricError {
  override readonly name = 'InternalError';
  constructor(options: { readonly cause?: unknown } = {}) {
    super('Internal error', { status: 500, errorCode: 'InternalError', source: 'System', isPermanent: false, cause: options.cause });
  }
}
