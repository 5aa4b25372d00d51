/**
 * Drives the job routes of a running test environment as Fabric does, plus the item routes they need and reads of
 * the job's output from the OneLake stand-in (Azurite blob service, container = workspace).
 */
import { randomUUID } from 'node:crypto';
import type { TestEnvironment } from '../../../support/environment';
import { WORKLOAD_NAME } from '../../../support/environment';
import type { LocalUser } from '../../../../devtools/local-entra/fabric-tokens';
import { createWorkspace } from './onelake';

export const ITEM_TYPE = `${WORKLOAD_NAME}.Calculator`;
export const JOB_TYPE = `${ITEM_TYPE}.Calculate`;

export interface Calc {
  readonly operand1: number;
  readonly operand2: number;
  readonly operator: 'add' | 'subtract' | 'multiply' | 'divide';
}

export interface ItemRef {
  readonly workspaceId: string;
  readonly itemId: string;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
}

export interface JobState {
  readonly status: string;
  readonly startTimeUtc?: string;
  readonly endTimeUtc?: string;
  readonly errorDetails?: { errorCode: string; message: string; source: string; isPermanent?: boolean; moreDetails?: { errorCode: string; message: string }[] };
}

export interface CallOptions {
  /** The user behind the subject token (default env.user); null for an app-only call. */
  readonly user?: LocalUser | null;
  /** x-ms-client-tenant-id of an app-only call (default: the publisher tenant). */
  readonly userTenantId?: string;
  readonly expiresInSeconds?: number;
  readonly headers?: Record<string, string>;
}

export async function call(env: TestEnvironment, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Answer> {
  const extra = { ...(opts.expiresInSeconds ? { expiresInSeconds: opts.expiresInSeconds } : {}), ...(opts.userTenantId ? { userTenantId: opts.userTenantId } : {}) };
  const headers = { ...(await env.headers(opts.user, extra)), ...opts.headers };
  const res = await fetch(`${env.baseUrl}/${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

const itemPath = (item: ItemRef) => `workspaces/${item.workspaceId}/items/${ITEM_TYPE}/${item.itemId}`;

export function definitionOf(calc: Calc) {
  return { parts: [{ path: 'definition.json', payload: Buffer.from(JSON.stringify(calc)).toString('base64'), payloadType: 'InlineBase64' }] };
}

/** Creates a Calculator item through the Extensibility Toolkit lifecycle route (and its OneLake workspace). */
export async function createToolkitItem(env: TestEnvironment, calc: Calc, workspaceId: string = randomUUID()): Promise<ItemRef> {
  const item = { workspaceId, itemId: randomUUID() };
  await createWorkspace(workspaceId);
  const res = await call(env, 'POST', `${itemPath(item)}/OnCreateItem`, { definition: definitionOf(calc) });
  if (res.status !== 200) throw new Error(`OnCreateItem answered ${res.status}: ${res.text}`);
  return item;
}

/** Creates a Calculator item through the WDK lifecycle route (and its OneLake workspace). */
export async function createWdkItem(env: TestEnvironment, calc: Calc, workspaceId: string = randomUUID()): Promise<ItemRef> {
  const item = { workspaceId, itemId: randomUUID() };
  await createWorkspace(workspaceId);
  const res = await call(env, 'POST', itemPath(item), { displayName: 'Calc', creationPayload: calc });
  if (res.status !== 200) throw new Error(`WDK create item answered ${res.status}: ${res.text}`);
  return item;
}

export const toolkit = {
  create: (env: TestEnvironment, item: ItemRef, body: Record<string, unknown>, opts?: CallOptions) => call(env, 'POST', `${itemPath(item)}/jobs/onCreateJobInstance`, body, opts),
  status: (env: TestEnvironment, item: ItemRef, jobInstanceId: string, jobType = JOB_TYPE, opts?: CallOptions) =>
    call(env, 'POST', `${itemPath(item)}/jobs/onGetJobInstanceStatus`, { jobType, jobInstanceId }, opts),
  cancel: (env: TestEnvironment, item: ItemRef, jobInstanceId: string, jobType = JOB_TYPE, opts?: CallOptions) =>
    call(env, 'POST', `${itemPath(item)}/jobs/onCancelJobInstance`, { jobType, jobInstanceId }, opts),
};

const instancePath = (item: ItemRef, jobInstanceId: string, jobType = JOB_TYPE) => `${itemPath(item)}/jobTypes/${jobType}/instances/${jobInstanceId}`;

export const wdk = {
  create: (env: TestEnvironment, item: ItemRef, jobInstanceId: string, body: Record<string, unknown>, opts?: CallOptions) => call(env, 'POST', instancePath(item, jobInstanceId), body, opts),
  state: (env: TestEnvironment, item: ItemRef, jobInstanceId: string, opts?: CallOptions) => call(env, 'GET', instancePath(item, jobInstanceId), undefined, opts),
  cancel: (env: TestEnvironment, item: ItemRef, jobInstanceId: string, opts?: CallOptions) => call(env, 'POST', `${instancePath(item, jobInstanceId)}/cancel`, undefined, opts),
};

/** Polls until `done(state)` (every 100 ms, at most timeoutMs); returns every answer seen, the last one matching. */
export async function pollUntil(poll: () => Promise<Answer>, done: (s: JobState, a: Answer) => boolean, timeoutMs = 20_000): Promise<Answer[]> {
  const seen: Answer[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = await poll();
    seen.push(a);
    if (a.status === 200 && done(a.body as JobState, a)) return seen;
    if (Date.now() > deadline) throw new Error(`Job did not reach the expected state within ${timeoutMs} ms; last answer ${a.status} ${a.text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const isFinal = (s: JobState) => ['Completed', 'Failed', 'Cancelled'].includes(s.status);

/** Waits until the environment's jobs queue holds no message (visible or not): every delivery was settled. */
export async function queueDrained(env: TestEnvironment, timeoutMs = 15_000): Promise<void> {
  const { QueueClient } = await import('@azure/storage-queue');
  const queue = new QueueClient(process.env.AZURITE_CONNECTION_STRING!, env.queueName);
  const deadline = Date.now() + timeoutMs;
  while ((await queue.getProperties()).approximateMessagesCount !== 0) {
    if (Date.now() > deadline) throw new Error(`queue ${env.queueName} still holds messages after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
