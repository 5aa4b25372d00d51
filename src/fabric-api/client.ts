/**
 * Fabric REST client (FABRIC_API_BASE_URL). ResolvePermissions is a workload-control API: it takes the composite
 * `SubjectAndAppToken1.0` header (OBO token of the user + app token of the workload, both for Fabric's resource).
 * - answers are cached briefly per (tenant, user oid, workspace, item); identical concurrent misses share one call;
 * - 429 is retried after Retry-After when that fits the request's budget, else answered as 429 with Retry-After;
 * - network failures and 5xx are retried with backoff and jitter, then answered 503;
 * - 404 → ItemNotFound; 403 → AccessDenied; 401 and other 4xx (our tokens refused, a bug) → 500, logged;
 * - redirects are never followed: a 3xx is answered as 500 FabricApiFailed, like any other unexpected status.
 */
import { InvalidRequestError, NotFoundError } from '../fabric/errors';
import type { TokenClient } from '../tokens/types';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfterMs, retrying, SYSTEM_RETRY_CLOCK, type Attempt, type RetryClock, type RetryPolicy } from '../shared/retry';
import { SingleFlightGroup } from '../shared/single-flight';
import { AccessDeniedError, FabricApiFailedError, FabricApiUnavailableError, FabricThrottledError } from './errors';
import { TtlCache } from './ttl-cache';
import { GUID } from '../fabric/guid';

/** The user on whose behalf Fabric is asked: identity from the validated token, and the token itself for OBO. */
export interface FabricCaller {
  readonly tenantId: string;
  readonly userObjectId: string;
  /** The validated user token (control-plane subject token or data-plane Bearer token). Never logged. */
  readonly subjectToken: string;
}

export interface FabricApiClientOptions {
  /** FABRIC_API_BASE_URL, no trailing slash. */
  readonly baseUrl: string;
  readonly tokens: () => Promise<TokenClient>;
  /** How long a ResolvePermissions answer is reused (default 60 s). */
  readonly permissionsTtlMs?: number;
  readonly maxCacheEntries?: number;
  readonly retryPolicy?: RetryPolicy;
  /** Per-attempt timeout, ms (default 10 s). */
  readonly timeoutMs?: number;
  readonly clock?: RetryClock;
}

export const DEFAULT_PERMISSIONS_TTL_MS = 60_000;

export class FabricApiClient {
  private readonly cache: TtlCache<readonly string[]>;
  private readonly inflight = new SingleFlightGroup<readonly string[]>();
  private readonly clock: RetryClock;

  constructor(private readonly o: FabricApiClientOptions) {
    this.clock = o.clock ?? SYSTEM_RETRY_CLOCK;
    this.cache = new TtlCache({ ttlMs: o.permissionsTtlMs ?? DEFAULT_PERMISSIONS_TTL_MS, maxEntries: o.maxCacheEntries ?? 10_000, clock: this.clock });
  }

  /** The caller's permissions on the item, e.g. ["Read", "Write"]. */
  async resolvePermissions(workspaceId: string, itemId: string, caller: FabricCaller): Promise<readonly string[]> {
    const ws = guid(workspaceId, 'workspaceId');
    const item = guid(itemId, 'itemId');
    const key = `${caller.tenantId.toLowerCase()}|${caller.userObjectId.toLowerCase()}|${ws}|${item}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const permissions = await this.inflight.run(key, () => this.fetchPermissions(ws, item, caller));
    this.cache.set(key, permissions);
    return permissions;
  }

  private async fetchPermissions(workspaceId: string, itemId: string, caller: FabricCaller): Promise<readonly string[]> {
    const authorization = await (await this.o.tokens()).workloadControlAuthorization({ subjectToken: caller.subjectToken, tenantId: caller.tenantId });
    const url = `${this.o.baseUrl}/v1/workload-control/workspaces/${workspaceId}/items/${itemId}/resolvepermissions`;
    const res = await this.get(url, authorization);
    if (res.status === 200) return parsePermissions(res.body);
    if (res.status === 404) throw new NotFoundError('The item was not found in Fabric', { errorCode: 'ItemNotFound' });
    if (res.status === 403) throw new AccessDeniedError(['Read']);
    throw new FabricApiFailedError(`resolvepermissions answered HTTP ${res.status}`);
  }

  /** GET with the retry policy. Returns the final non-retryable answer; throws 429/503 answers when retries run out. */
  private async get(url: string, authorization: string): Promise<{ status: number; body: string }> {
    const { last } = await retrying<{ status: number; body: string }>(
      this.o.retryPolicy ?? DEFAULT_RETRY_POLICY,
      async (): Promise<Attempt<{ status: number; body: string }>> => {
        try {
          // Never follow a redirect (the request carries the user's and the app's tokens): a 3xx is a final answer.
          const r = await fetch(url, { method: 'GET', headers: { authorization, accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000) });
          const value = { status: r.status, body: await r.text() };
          if (isRetryableStatus(r.status)) return { kind: 'retryable', value, retryAfterMs: parseRetryAfterMs(r.headers.get('retry-after'), { now: this.clock.now() }) };
          return { kind: 'done', value };
        } catch (error) {
          return { kind: 'retryable', error };
        }
      },
      { clock: this.clock },
    );
    if (last.kind === 'done') return last.value;
    const retryAfterSeconds = last.retryAfterMs !== undefined ? last.retryAfterMs / 1000 : 5;
    if (last.value?.status === 429) throw new FabricThrottledError(retryAfterSeconds);
    throw new FabricApiUnavailableError(retryAfterSeconds, { cause: last.error });
  }
}

function guid(value: string, name: string): string {
  if (typeof value !== 'string' || !GUID.test(value)) throw new InvalidRequestError(`${name} must be a GUID`, { errorCode: 'InvalidId' });
  return value.toLowerCase();
}

/** `{"permissions":[…]}` (Fabric, camelCase) or `{"Permissions":[…]}`; anything else is a failure, never "no permissions". */
export function parsePermissions(body: string): readonly string[] {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw new FabricApiFailedError('resolvepermissions answer is not JSON');
  }
  const list = v !== null && typeof v === 'object' ? ((v as { permissions?: unknown; Permissions?: unknown }).permissions ?? (v as { Permissions?: unknown }).Permissions) : undefined;
  if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) throw new FabricApiFailedError('resolvepermissions answer has no permissions list');
  return Object.freeze([...new Set(list as string[])]);
}
