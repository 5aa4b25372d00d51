/**
 * The queue message that asks the runner to run a job. It carries ids only: never a token, a grant or user data
 * (queue messages are readable by anyone with queue access and land in the poison queue as they are).
 * On the wire it is base64 of this JSON (host.json messageEncoding base64). Pure.
 */
import { LOWER_CASE_GUID } from '../fabric/guid';
import { JobMessageInvalid } from './errors';
import type { JobKey } from './job-record';

export const JOB_MESSAGE_VERSION = 1;

export interface JobMessage extends JobKey {
  readonly version: typeof JOB_MESSAGE_VERSION;
}

export function jobMessage(key: JobKey): JobMessage {
  return { version: JOB_MESSAGE_VERSION, tenantId: key.tenantId, workspaceId: key.workspaceId, itemId: key.itemId, jobInstanceId: key.jobInstanceId };
}

/** The text to send: base64 of the JSON, as the Functions host decodes it. */
export function encodeJobMessage(key: JobKey): string {
  return Buffer.from(JSON.stringify(jobMessage(key)), 'utf8').toString('base64');
}

/**
 * Reads a message as the queue trigger delivers it: the host has already decoded base64 and hands over the JSON
 * as an object (or, depending on the host, as a string or bytes).
 */
export function parseJobMessage(input: unknown): JobMessage {
  let value = input;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new JobMessageInvalid('Job message is not JSON');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new JobMessageInvalid('Job message is not a JSON object');
  const m = value as Record<string, unknown>;
  if (m.version !== JOB_MESSAGE_VERSION) throw new JobMessageInvalid(`Job message version must be ${JOB_MESSAGE_VERSION}`);
  for (const k of ['tenantId', 'workspaceId', 'itemId', 'jobInstanceId'] as const) {
    if (typeof m[k] !== 'string' || !LOWER_CASE_GUID.test(m[k] as string)) throw new JobMessageInvalid(`Job message ${k} must be a lower-case GUID`);
  }
  return jobMessage(m as unknown as JobKey);
}
