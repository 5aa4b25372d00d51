/**
 * Calls every route of the endpoint the way Fabric (control plane) and the workload frontend (data plane) call it.
 * Each call returns the answer as received; judging it is the caller's job.
 */
import { randomUUID } from 'node:crypto';
import type { ItemDefinition } from '../../src/catalog';
import type { LocalUser } from '../local-entra/fabric-tokens';
import type { TokenSource } from './tokens';

export interface Answer {
  readonly method: string;
  /** Path below the base URL. */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON body, when there was one. */
  readonly json?: unknown;
  readonly ms: number;
}

export interface ItemRef {
  readonly workspaceId: string;
  readonly itemType: string;
  readonly itemId: string;
}

/** An item definition with one JSON part, as Fabric sends it (base64 payload). */
export function jsonDefinition(path: string, content: unknown): ItemDefinition {
  return { parts: [{ path, payload: Buffer.from(JSON.stringify(content), 'utf8').toString('base64'), payloadType: 'InlineBase64' }] };
}

/** What Fabric's WDK job create really sends for a user-started job: the enum's number (Manual = 2), not its name. */
export const WDK_INVOKE_TYPE_MANUAL = 2;

/** The data-plane scope the frontend asks for to read item data. */
export const ITEM_READ_SCOPE = 'Item.Read.All';

/** No HTTP answer at all (refused, reset, timed out): says what was tried and what to start. */
export class EndpointUnreachableError extends Error {
  override readonly name = 'EndpointUnreachableError';
  readonly code = 'EndpointUnreachable';
  constructor(method: string, url: string, cause: unknown) {
    const reason = causeText(cause);
    super(`${method} ${url} got no answer (${reason}). Is the endpoint running? Start the sandbox with \`npm run dev\`, or check --base-url.`, { cause });
  }
}

function causeText(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

const seg = (s: string) => encodeURIComponent(s);

export class EndpointClient {
  constructor(
    readonly baseUrl: string,
    private readonly tokens: TokenSource,
    private readonly timeoutMs = 30_000,
  ) {}

  async send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
    const started = Date.now();
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new EndpointUnreachableError(method, `${this.baseUrl}${path}`, err);
    }
    const text = await res.text();
    let json: unknown;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { method, path, status: res.status, headers: res.headers, text, json, ms: Date.now() - started };
  }

  private async control(method: string, path: string, body?: unknown, user?: LocalUser | null): Promise<Answer> {
    return this.send(method, path, await this.tokens.fabricHeaders(user), body);
  }

  private itemPath(i: ItemRef): string {
    return `/workspaces/${seg(i.workspaceId)}/items/${seg(i.itemType)}/${seg(i.itemId)}`;
  }

  health(): Promise<Answer> {
    return this.send('GET', '/health', {});
  }

  // Extensibility Toolkit: item lifecycle
  onCreateItem(i: ItemRef, definition?: unknown, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.itemPath(i)}/OnCreateItem`, definition === undefined ? {} : { definition }, user);
  }
  onUpdateItem(i: ItemRef, definition?: unknown, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.itemPath(i)}/OnUpdateItem`, definition === undefined ? {} : { definition }, user);
  }
  onDeleteItem(i: ItemRef, deleteType: 'Hard' | 'Soft', user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.itemPath(i)}/OnDeleteItem`, { deleteType }, user);
  }
  onRestoreItem(i: ItemRef, definition?: unknown, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.itemPath(i)}/OnRestoreItem`, definition === undefined ? {} : { definition }, user);
  }

  // Extensibility Toolkit: jobs
  onCreateJobInstance(i: ItemRef, job: { jobType: string; jobInstanceId: string; executionData?: unknown; definition?: unknown }, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.itemPath(i)}/jobs/onCreateJobInstance`, job, user);
  }
  onGetJobInstanceStatus(i: ItemRef, job: { jobType: string; jobInstanceId: string }, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.itemPath(i)}/jobs/onGetJobInstanceStatus`, job, user);
  }
  onCancelJobInstance(i: ItemRef, job: { jobType: string; jobInstanceId: string }, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.itemPath(i)}/jobs/onCancelJobInstance`, job, user);
  }

  // WDK v1: item lifecycle
  wdkCreateItem(i: ItemRef, body: { displayName: string; description?: string; creationPayload?: unknown }, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', this.itemPath(i), body, user);
  }
  wdkUpdateItem(i: ItemRef, body: { displayName?: string; description?: string; updatePayload?: unknown }, user?: LocalUser | null): Promise<Answer> {
    return this.control('PATCH', this.itemPath(i), body, user);
  }
  wdkDeleteItem(i: ItemRef, user?: LocalUser | null): Promise<Answer> {
    return this.control('DELETE', this.itemPath(i), undefined, user);
  }
  wdkGetPayload(i: ItemRef, user?: LocalUser | null): Promise<Answer> {
    return this.control('GET', `${this.itemPath(i)}/payload`, undefined, user);
  }

  // WDK v1: jobs
  private jobPath(i: ItemRef, jobType: string, jobInstanceId: string): string {
    return `${this.itemPath(i)}/jobTypes/${seg(jobType)}/instances/${seg(jobInstanceId)}`;
  }
  wdkCreateJob(i: ItemRef, jobType: string, jobInstanceId: string, body: { invokeType: number | string; creationPayload?: unknown }, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', this.jobPath(i, jobType, jobInstanceId), body, user);
  }
  wdkGetJob(i: ItemRef, jobType: string, jobInstanceId: string, user?: LocalUser | null): Promise<Answer> {
    return this.control('GET', this.jobPath(i, jobType, jobInstanceId), undefined, user);
  }
  wdkCancelJob(i: ItemRef, jobType: string, jobInstanceId: string, user?: LocalUser | null): Promise<Answer> {
    return this.control('POST', `${this.jobPath(i, jobType, jobInstanceId)}/cancel`, undefined, user);
  }

  // Endpoint resolution: app token only, no tenant header. Toolkit: resolve-endpoint; WDK: resolve-api-path-placeholder.
  async resolveEndpoint(context: { name: string; value: string }[], route: 'resolve-endpoint' | 'resolve-api-path-placeholder' = 'resolve-endpoint'): Promise<Answer> {
    const h = await this.tokens.fabricHeaders(null);
    const headers = { authorization: h.authorization, activityid: h.activityid ?? randomUUID(), requestid: h.requestid ?? randomUUID() };
    return this.send('POST', `/${route}`, headers, { context });
  }

  // Data plane: Bearer token from the workload frontend.
  private async data(path: string, scopes: readonly string[], user?: LocalUser): Promise<Answer> {
    return this.send('GET', path, { authorization: `Bearer ${await this.tokens.frontendToken(scopes, user)}` });
  }
  itemPermissions(workspaceId: string, itemId: string, user?: LocalUser, scopes: readonly string[] = [ITEM_READ_SCOPE]): Promise<Answer> {
    return this.data(`/workspaces/${seg(workspaceId)}/items/${seg(itemId)}/permissions`, scopes, user);
  }
  itemState(workspaceId: string, itemId: string, user?: LocalUser, scopes: readonly string[] = [ITEM_READ_SCOPE]): Promise<Answer> {
    return this.data(`/workspaces/${seg(workspaceId)}/items/${seg(itemId)}/state`, scopes, user);
  }
  /** A read the item type declares (`reads` of defineItemType). */
  itemRead(i: ItemRef, name: string, user?: LocalUser, scopes: readonly string[] = [ITEM_READ_SCOPE]): Promise<Answer> {
    return this.data(`/workspaces/${seg(i.workspaceId)}/items/${seg(i.itemType)}/${seg(i.itemId)}/reads/${seg(name)}`, scopes, user);
  }
}
