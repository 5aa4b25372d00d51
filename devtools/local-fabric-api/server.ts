/**
 * A local Fabric REST API with the one workload-control operation the backend calls:
 *
 *   GET /v1/workload-control/workspaces/{workspaceId}/items/{itemId}/resolvepermissions
 *   Authorization: SubjectAndAppToken1.0 subjectToken="<OBO>", appToken="<S2S>"
 *   200 {"permissions":["Read","Write",…]}
 *
 * Both tokens are validated as Fabric does: RS256 against the local Entra ID's JWKS, audience
 * https://analysis.windows.net/powerbi/api, lifetime; the subject token must be delegated (scp, oid) and the app token
 * app-only (idtyp app) from the publisher tenant; both must have been issued to the workload's Entra app.
 * Knobs: permissions per (user oid, item), failures queued for the next requests (429 with Retry-After, 5xx, 3xx), and a
 * request log holding the caller's identity, never the tokens.
 */
import { listenLocal, type LocalServer } from '../local-server';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as jose from 'jose';
import { AuthorizationHeaderInvalid } from '../../src/auth/inbound/errors';
import { parseSubjectAndAppToken } from '../../src/auth/inbound/header';

export const FABRIC_RESOURCE = 'https://analysis.windows.net/powerbi/api';

export interface LocalFabricApiOptions {
  /** The local Entra ID's JWKS (any tenant path works there), e.g. `${entra.origin}/common/discovery/v2.0/keys`. */
  readonly jwksUri: string;
  /** The workload's Entra app (BACKEND_APPID): both tokens must be issued to it. */
  readonly workloadAppId: string;
  /** TENANT_ID: the app token must come from it. */
  readonly publisherTenantId: string;
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly port?: number;
}

/** A queued failure answer for the next resolvepermissions request. */
export interface InjectedFailure {
  readonly status: number;
  /** Sent as Retry-After (seconds) when given. */
  readonly retryAfterSeconds?: number;
  readonly body?: unknown;
  /** Extra response headers, e.g. a Location. */
  readonly headers?: Record<string, string>;
}

export interface FabricApiRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Identity from the validated subject token (absent when validation failed). */
  readonly userTenantId?: string;
  readonly userObjectId?: string;
  /** Why the tokens were rejected, when they were. */
  readonly rejected?: string;
}

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const RESOLVE = new RegExp(`^/v1/workload-control/workspaces/(${GUID})/items/(${GUID})/resolvepermissions$`);

export class LocalFabricApi {
  readonly requests: FabricApiRequest[] = [];
  origin = '';
  private server?: LocalServer;
  private readonly jwks: ReturnType<typeof jose.createRemoteJWKSet>;
  /** itemId → (user oid → permissions). An item absent here answers 404 ItemNotFound. */
  private readonly items = new Map<string, Map<string, readonly string[]>>();
  private readonly failures: InjectedFailure[] = [];

  constructor(private readonly options: LocalFabricApiOptions) {
    this.jwks = jose.createRemoteJWKSet(new URL(options.jwksUri));
  }

  /** FABRIC_API_BASE_URL */
  get baseUrl(): string {
    return this.origin;
  }

  setPermissions(itemId: string, userObjectId: string, permissions: readonly string[]): void {
    const item = this.items.get(itemId.toLowerCase()) ?? new Map<string, readonly string[]>();
    item.set(userObjectId.toLowerCase(), [...permissions]);
    this.items.set(itemId.toLowerCase(), item);
  }

  /** Queues answers for the next requests, in order (e.g. two 429s, then normal service). */
  failNext(...failures: InjectedFailure[]): void {
    this.failures.push(...failures);
  }

  /** Drops queued failures: normal service from the next request. */
  clearFailures(): void {
    this.failures.length = 0;
  }

  async start(): Promise<this> {
    this.server = await listenLocal((req, res) => this.handle(req, res), { tls: this.options.tls, port: this.options.port });
    this.origin = this.server.origin;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await s?.stop();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const entry: { -readonly [K in keyof FabricApiRequest]?: FabricApiRequest[K] } = { method, path: url.pathname };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ ...(entry as FabricApiRequest), status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', requestid: randomUUID(), ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, errorCode: string, message: string, headers?: Record<string, string>): void => send(status, { errorCode, message, requestId: randomUUID() }, headers);

    const m = RESOLVE.exec(url.pathname);
    if (!m) return error(404, 'EntityNotFound', 'The requested resource could not be found');
    if (method !== 'GET') return error(405, 'MethodNotAllowed', 'Only GET is supported');
    const [, , itemId] = m;

    let user: jose.JWTPayload;
    try {
      const { subjectToken, appToken } = parseSubjectAndAppToken(req.headers.authorization);
      if (!subjectToken) throw new Error('subject token is required');
      user = await this.verify(subjectToken, 'subject');
      await this.verify(appToken, 'app');
    } catch (e) {
      entry.rejected = e instanceof AuthorizationHeaderInvalid ? e.message : e instanceof Error ? e.message : 'invalid';
      return error(401, 'TokenValidationFailed', 'Authorization failed', { 'www-authenticate': 'SubjectAndAppToken1.0' });
    }
    entry.userTenantId = String(user.tid);
    entry.userObjectId = String(user.oid);

    const failure = this.failures.shift();
    if (failure) {
      const headers = { ...failure.headers, ...(failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {}) };
      return send(failure.status, failure.body ?? { errorCode: failure.status === 429 ? 'RequestBlocked' : 'InternalServerError', message: 'Injected failure' }, headers);
    }
    const item = this.items.get(itemId.toLowerCase());
    if (!item) return error(404, 'ItemNotFound', 'The requested item was not found');
    send(200, { permissions: item.get(String(user.oid).toLowerCase()) ?? [] });
  }

  private async verify(token: string, kind: 'subject' | 'app'): Promise<jose.JWTPayload> {
    const { payload } = await jose.jwtVerify(token, this.jwks, { audience: [FABRIC_RESOURCE, `${FABRIC_RESOURCE}/`], algorithms: ['RS256'] });
    const appId = String(payload.appid ?? payload.azp ?? '').toLowerCase();
    if (appId !== this.options.workloadAppId.toLowerCase()) throw new Error(`${kind} token was not issued to the workload app`);
    if (typeof payload.iss !== 'string' || payload.iss !== `https://sts.windows.net/${String(payload.tid)}/`) throw new Error(`${kind} token issuer is unexpected`);
    if (kind === 'subject') {
      if (typeof payload.scp !== 'string' || typeof payload.oid !== 'string' || typeof payload.tid !== 'string') throw new Error('subject token is not a delegated user token');
    } else {
      if (payload.idtyp !== 'app' || payload.scp !== undefined) throw new Error('app token is not an app-only token');
      if (String(payload.tid).toLowerCase() !== this.options.publisherTenantId.toLowerCase()) throw new Error('app token is not from the publisher tenant');
    }
    return payload;
  }
}

export async function startLocalFabricApi(options: LocalFabricApiOptions): Promise<LocalFabricApi> {
  return new LocalFabricApi(options).start();
}
