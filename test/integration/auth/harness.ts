/**
 * Test harness for inbound authentication against the local Entra ID over https: workload identity, a manual clock
 * and scheduler (no waiting, no real timers), InboundAuth built by dependency injection, and a way to call a
 * pre-handler the way the Functions host does (HttpRequest + InvocationContext with captured logs).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpRequest, InvocationContext } from '@azure/functions';
import * as jose from 'jose';
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import type { LocalUser, WorkloadIdentity } from '../../../devtools/local-entra/fabric-tokens';
import {
  createInboundAuth,
  formatSubjectAndAppToken,
  JwksKeySource,
  VerifiedTokenCache,
  type InboundAuth,
  type InboundAuthSettings,
  type Scheduler,
  type SigningKeySource,
} from '../../../src/auth/inbound';
import type { HttpHandler } from '../../../src/http/handler';
import { createLogger } from '../../../src/observability/logger';
import { jwksUrlFor } from '../../../src/auth/inbound/issuers';

export const PUBLISHER_TENANT = 'a0c1e2f3-0000-4000-8000-00000000beef';
export const USER_TENANT = 'b1d2e3f4-0000-4000-8000-00000000cafe';
export const BACKEND_APPID = 'c2e3f4a5-0000-4000-8000-0000000000ad';
export const workload: WorkloadIdentity = { publisherTenantId: PUBLISHER_TENANT, backendAppId: BACKEND_APPID, backendAudience: `api://localdevinstance/${PUBLISHER_TENANT}/Org.Test` };
export const user: LocalUser = { tenantId: USER_TENANT, oid: 'd3f4a5b6-0000-4000-8000-0000000000e1', name: 'Ada Lovelace', upn: 'ada@contoso.example' };

export function tls(): { key: string; cert: string } {
  const dir = join(__dirname, '..', '..', '..', '.cache', 'tls');
  return { key: readFileSync(join(dir, 'localhost-key.pem'), 'utf8'), cert: readFileSync(join(dir, 'localhost-cert.pem'), 'utf8') };
}

export function startIdp(): Promise<LocalEntra> {
  return startLocalEntra({ tls: tls() });
}

export function settingsFor(idp: LocalEntra): InboundAuthSettings {
  return { tenantId: PUBLISHER_TENANT, backendAppId: BACKEND_APPID, backendAudience: workload.backendAudience, authorityHost: idp.origin, fabricAppIds: ['00000009-0000-0000-c000-000000000000', 'd2450708-699c-41e3-8077-b0c8341509aa'] };
}

export class ManualClock {
  ms = Date.now();
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

interface Task {
  readonly fn: () => void;
  readonly delayMs: number;
  cancelled: boolean;
}

/** Captures scheduled background work instead of starting timers. */
export class ManualScheduler {
  readonly tasks: Task[] = [];
  readonly schedule: Scheduler = (fn, delayMs) => {
    const task: Task = { fn, delayMs, cancelled: false };
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  };
  pending(): Task[] {
    return this.tasks.filter((t) => !t.cancelled);
  }
  /** Runs the one pending task (the key source keeps at most one). */
  runPending(): void {
    const [task] = this.pending();
    if (!task) throw new Error('nothing scheduled');
    task.cancelled = true;
    task.fn();
  }
}

export interface TestAuth {
  readonly auth: InboundAuth;
  readonly keys: JwksKeySource;
  readonly clock: ManualClock;
  readonly scheduler: ManualScheduler;
  /** Log lines of the key source. */
  readonly logs: string[];
}

export function buildAuth(idp: LocalEntra, options: { timeoutMs?: number; cacheEntries?: number; wrapKeys?: (keys: SigningKeySource) => SigningKeySource } = {}): TestAuth {
  const clock = new ManualClock();
  const scheduler = new ManualScheduler();
  const logs: string[] = [];
  const sink = { log: (m: unknown) => logs.push(String(m)), warn: (m: unknown) => logs.push(String(m)), error: (m: unknown) => logs.push(String(m)) };
  const keys = new JwksKeySource({ url: jwksUrlFor(idp.origin), timeoutMs: options.timeoutMs, clock, random: () => 0.5, schedule: scheduler.schedule, log: createLogger(sink) });
  const auth = createInboundAuth(settingsFor(idp), {
    keys: options.wrapKeys ? options.wrapKeys(keys) : keys,
    validator: { clock, cache: new VerifiedTokenCache(options.cacheEntries) },
  });
  return { auth, keys, clock, scheduler, logs };
}

export interface CallResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly logs: string[];
}

/** Calls an HttpHandler as the Functions host would, capturing the invocation's log lines. */
export async function call(handler: HttpHandler, headers: Record<string, string>, logs: string[] = []): Promise<CallResult> {
  const ctx = new InvocationContext({ invocationId: randomUUID(), functionName: 'test', logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`) });
  const res = await handler(new HttpRequest({ method: 'POST', url: 'https://localhost/api/test', headers }), ctx);
  const h = (res.headers ?? {}) as Record<string, string>;
  return { status: res.status ?? 200, body: (res.jsonBody ?? {}) as Record<string, unknown>, headers: Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v])), logs };
}

/** Control-plane headers from explicit tokens; tenant null sends no tenant header. */
export function controlHeaders(appToken: string, subjectToken: string | undefined, tenant: string | null = USER_TENANT): Record<string, string> {
  return {
    authorization: formatSubjectAndAppToken({ appToken, subjectToken }),
    ...(tenant === null ? {} : { 'x-ms-client-tenant-id': tenant }),
    activityid: randomUUID(),
    requestid: randomUUID(),
  };
}

/** The claims of a token (decoded without verification, to build tampered variants). */
export const claimsOf = (token: string): Record<string, unknown> => jose.decodeJwt(token) as Record<string, unknown>;
export const headerOf = (token: string): Record<string, unknown> => jose.decodeProtectedHeader(token) as Record<string, unknown>;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
