/**
 * The sandbox's dev-only control API (plain HTTP on 127.0.0.1, every call needs the `x-sandbox-key` from
 * .cache/sandbox.json). It lets the Fabric simulator act as Fabric without holding signing keys:
 *
 *   GET    /_local/info                                  the sandbox's identities and endpoints
 *   POST   /_local/tokens/fabric-headers                 {user?: LocalUser|null, version?} → {headers} (SubjectAndAppToken, tenant, ids)
 *   POST   /_local/tokens/frontend                       {scopes: string[], user?: LocalUser} → {token} (data-plane Bearer)
 *   PUT    /_local/faults/consent-required               On-Behalf-Of answers AADSTS65001 until DELETE
 *   DELETE /_local/faults/consent-required
 *   PUT    /_local/workspaces/{workspaceId}              creates the workspace's OneLake container
 *   GET    /_local/onelake/{workspaceId}?prefix=...      {files: [...]}
 *   GET    /_local/onelake/{workspaceId}/{path...}       a OneLake file's bytes
 *   PUT    /_local/permissions/{itemId}/{userObjectId}   {permissions: string[]} for the local Fabric API
 */
import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fabricHeaders, frontendToken, type LocalUser, type WorkloadIdentity } from '../local-entra/fabric-tokens';
import { consentRequired, type LocalEntra } from '../local-entra/server';
import type { LocalFabricApi } from '../local-fabric-api/server';
import type { OneLakeAdmin } from './onelake-admin';

export interface ControlApiOptions {
  readonly key: string;
  readonly idp: LocalEntra;
  readonly workload: WorkloadIdentity;
  readonly defaultUser: LocalUser;
  readonly oneLake: OneLakeAdmin;
  readonly fabricApi: LocalFabricApi;
  readonly info: () => Record<string, unknown>;
  readonly log?: (line: string) => void;
}

class BadRequest extends Error {}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY = 64 * 1024;
const GRANT_JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function parseUser(v: unknown): LocalUser {
  const u = v as Partial<LocalUser> | null;
  if (!u || typeof u !== 'object' || typeof u.tenantId !== 'string' || !GUID.test(u.tenantId) || typeof u.oid !== 'string' || !GUID.test(u.oid)) {
    throw new BadRequest('user must be {tenantId: GUID, oid: GUID, name?, upn?}');
  }
  return { tenantId: u.tenantId, oid: u.oid, name: typeof u.name === 'string' ? u.name : undefined, upn: typeof u.upn === 'string' ? u.upn : undefined };
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new BadRequest('body too large');
    chunks.push(c);
  }
  if (size === 0) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error();
    return v as Record<string, unknown>;
  } catch {
    throw new BadRequest('body must be a JSON object');
  }
}

export class ControlApi {
  url = '';
  private server?: http.Server;
  private consentFault = false;

  constructor(private readonly o: ControlApiOptions) {}

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        const status = err instanceof BadRequest ? 400 : 500;
        if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: (err as Error)?.message ?? 'error' }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/_local`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  private authorized(req: http.IncomingMessage): boolean {
    const given = Buffer.from(String(req.headers['x-sandbox-key'] ?? ''));
    const expected = Buffer.from(this.o.key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== '_local') return send(404, { error: 'not found' });
    if (!this.authorized(req)) return send(401, { error: 'x-sandbox-key is missing or wrong (see .cache/sandbox.json)' });
    const [, area, a, b] = parts;
    const method = req.method ?? 'GET';
    const o = this.o;

    if (method === 'GET' && area === 'info' && parts.length === 2) return send(200, o.info());

    if (method === 'POST' && area === 'tokens' && a === 'fabric-headers' && parts.length === 3) {
      const body = await readJson(req);
      const user = body.user === null ? undefined : body.user === undefined ? o.defaultUser : parseUser(body.user);
      const version = body.version === 'v2' ? 'v2' : 'v1';
      return send(200, { headers: await fabricHeaders(o.idp, o.workload, user, { version }) });
    }

    if (method === 'POST' && area === 'tokens' && a === 'frontend' && parts.length === 3) {
      const body = await readJson(req);
      if (!Array.isArray(body.scopes) || body.scopes.length === 0 || !body.scopes.every((s) => typeof s === 'string' && /^[\w.]+$/.test(s))) throw new BadRequest('scopes must be a non-empty array of scope names');
      const user = body.user === undefined ? o.defaultUser : parseUser(body.user);
      return send(200, { token: await frontendToken(o.idp, o.workload, user, body.scopes as string[]) });
    }

    if (area === 'faults' && a === 'consent-required' && parts.length === 3 && (method === 'PUT' || method === 'DELETE')) {
      this.consentFault = method === 'PUT';
      o.idp.setTokenOverride(this.consentFault ? (f) => (f.grant_type === GRANT_JWT_BEARER && f.requested_token_use === 'on_behalf_of' ? consentRequired(f.client_id ?? '') : undefined) : undefined);
      o.log?.(`Local Entra ID: consent error injection ${this.consentFault ? 'ON (On-Behalf-Of answers AADSTS65001)' : 'OFF'}`);
      return send(200, { consentRequired: this.consentFault });
    }

    if (method === 'PUT' && area === 'workspaces' && a && parts.length === 3) {
      if (!GUID.test(a)) throw new BadRequest('workspaceId must be a GUID');
      await o.oneLake.createWorkspace(a.toLowerCase());
      return send(200, { workspaceId: a });
    }

    if (method === 'GET' && area === 'onelake' && a && GUID.test(a)) {
      if (parts.length === 3) return send(200, { files: await o.oneLake.list(a.toLowerCase(), url.searchParams.get('prefix') ?? '') });
      const file = await o.oneLake.read(a.toLowerCase(), parts.slice(3).join('/'));
      if (file.status !== 200) return send(file.status === 404 ? 404 : 502, { error: `OneLake answered ${file.status}` });
      res.writeHead(200, { 'content-type': file.contentType ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(file.body);
      return;
    }

    if (method === 'PUT' && area === 'permissions' && a && b && parts.length === 4) {
      if (!GUID.test(a) || !GUID.test(b)) throw new BadRequest('itemId and userObjectId must be GUIDs');
      const body = await readJson(req);
      if (!Array.isArray(body.permissions) || !body.permissions.every((p) => typeof p === 'string')) throw new BadRequest('permissions must be an array of strings');
      o.fabricApi.setPermissions(a, b, body.permissions as string[]);
      return send(200, { itemId: a, userObjectId: b, permissions: body.permissions });
    }

    send(404, { error: `no control route ${method} ${url.pathname}` });
  }
}
