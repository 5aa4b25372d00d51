/** Helpers job handlers share: waiting that stops with the job, and the user's bad input as the job's error. */
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidItemPayloadError, JobError } from './errors';

/** Waits `ms`; stops at once with the job's reason (cancel, timeout, ownership lost) when `signal` aborts. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    if (signal.aborted && signal.reason instanceof Error) throw signal.reason;
    throw err;
  }
}

export interface InputErrorOptions {
  /** The job's error code, e.g. `InvalidItemDefinition`. */
  readonly errorCode: string;
  /** Phrases the message shown to the user; default: the InvalidItemPayloadError's message. */
  readonly describe?: (message: string) => string;
}

/**
 * Runs `read`; an InvalidItemPayloadError it throws (the user's input is wrong, so a retry cannot help) fails the
 * job permanently with `errorCode`. Other errors pass through.
 */
export function withInputErrors<T>(read: () => T, options: InputErrorOptions): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof InvalidItemPayloadError)) throw err;
    const message = options.describe ? options.describe(err.message) : err.message;
    throw new JobError(message, { errorCode: options.errorCode, source: 'User', isPermanent: true });
  }
}
