/**
 * A local Azure Key Vault (secrets only) for tests and the sandbox, speaking enough of the data-plane API for
 * @azure/keyvault-secrets to run unmodified:
 * - the challenge flow: an anonymous request gets 401 with
 *   `WWW-Authenticate: Bearer authorization="{authorityHost}/{tenant}", resource="https://vault.azure.net"`, and the SDK
 *   retries with a bearer token for that resource; with `jwksUri` the token is verified (RS256 signature against the
 *   local Entra ID's keys, audience https://vault.azure.net, lifetime);
 * - GET /secrets/{name} (latest), /secrets/{name}/{version}, /secrets/{name}/versions; PUT /secrets/{name};
 *   PATCH /secrets/{name}/{version} (Update Secret: `attributes.enabled`, `contentType`; answers the bundle without
 *   its value); 404 `SecretNotFound` for unknown names or versions; a get of a disabled version is 403 `Forbidden`
 *   with inner error `SecretDisabled`, as Key Vault answers it;
 * - knobs: an outage (`setBehaviour('down')` resets connections, or a fixed status such as 503), rotation
 *   (`setSecret` adds a version), disabling a version (`setEnabled`), deleting a secret, and a request log (no token
 *   material).
 */
import { listenLocal, type LocalServer } from '../local-server';
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as jose from 'jose';

export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';

export interface LocalKeyVaultOptions {
  /** Serve HTTPS with this certificate (PEM): Key Vault is always HTTPS. */
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly port?: number;
  /** Authority named in the challenge, e.g. the local Entra ID's origin (default https://login.microsoftonline.com). */
  readonly authorityHost?: string;
  readonly tenantId: string;
  /** Verify bearer tokens against this JWKS (the local Entra ID's). Without it any bearer token is accepted. */
  readonly jwksUri?: string;
  /** Initial secrets: name → value (one version each). */
  readonly secrets?: Readonly<Record<string, string>>;
}

export interface SecretVersion {
  readonly version: string;
  readonly value: string;
  readonly contentType?: string;
  readonly enabled: boolean;
  readonly created: number;
  readonly updated: number;
}

/** What the vault saw (method, path, whether a valid bearer token came with it, status answered). */
export interface KeyVaultRequest {
  readonly method: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly status: number;
}

/** undefined = normal; 'down' = connection reset; or a fixed answer for every request (e.g. 503). */
export type KeyVaultBehaviour = undefined | 'down' | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> };

export class LocalKeyVault {
  readonly requests: KeyVaultRequest[] = [];
  origin = '';
  private server?: LocalServer;
  private behaviour: KeyVaultBehaviour;
  private readonly secrets = new Map<string, SecretVersion[]>();
  private readonly jwks?: ReturnType<typeof jose.createRemoteJWKSet>;

  constructor(private readonly options: LocalKeyVaultOptions) {
    if (options.jwksUri) this.jwks = jose.createRemoteJWKSet(new URL(options.jwksUri));
    for (const [name, value] of Object.entries(options.secrets ?? {})) this.setSecret(name, value);
  }

  /** The vault URL (KEY_VAULT_URI). */
  get url(): string {
    return this.origin;
  }

  /** Adds a new version (rotation) and returns its id. */
  setSecret(name: string, value: string, options: { readonly contentType?: string; readonly enabled?: boolean } = {}): string {
    const version = randomBytes(16).toString('hex');
    const list = this.secrets.get(name) ?? [];
    const created = Math.floor(Date.now() / 1000) + list.length;
    list.push({ version, value, contentType: options.contentType, enabled: options.enabled ?? true, created, updated: created });
    this.secrets.set(name, list);
    return version;
  }

  /** Enables or disables one version (what `az keyvault secret set-attributes --enabled false` does). */
  setEnabled(name: string, version: string, enabled: boolean): void {
    if (!this.patch(name, version, { enabled })) throw new Error(`no version ${version} of secret ${name}`);
  }

  /** Replaces a version's editable attributes (versions are otherwise immutable); undefined when there is no such version. */
  private patch(name: string, version: string | undefined, change: { readonly enabled?: boolean; readonly contentType?: string }): SecretVersion | undefined {
    const list = this.secrets.get(name) ?? [];
    const i = version === undefined ? list.length - 1 : list.findIndex((x) => x.version === version);
    if (i < 0) return undefined;
    const next = { ...list[i], ...change, updated: Math.floor(Date.now() / 1000) };
    list[i] = next;
    return next;
  }

  deleteSecret(name: string): void {
    this.secrets.delete(name);
  }

  versions(name: string): readonly SecretVersion[] {
    return this.secrets.get(name) ?? [];
  }

  setBehaviour(b: KeyVaultBehaviour): void {
    this.behaviour = b;
  }

  /** Requests that reached a secret (authorized GETs/PUTs), for cache assertions. */
  secretReads(name?: string): KeyVaultRequest[] {
    return this.requests.filter((r) => r.authorized && r.status !== 401 && (name === undefined || r.path.startsWith(`/secrets/${name}`)));
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
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    let authorized = false;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method, path, authorized, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const b = this.behaviour;
    if (b === 'down') {
      this.requests.push({ method, path, authorized, status: 0 });
      req.socket.destroy();
      return;
    }
    if (b) return send(b.status, b.body ?? { error: { code: 'ServiceUnavailable', message: 'The service is unavailable.' } }, b.headers);

    const challenge = { 'www-authenticate': `Bearer authorization="${(this.options.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '')}/${this.options.tenantId}", resource="${KEY_VAULT_RESOURCE}"` };
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ')) return send(401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } }, challenge);
    if (this.jwks) {
      try {
        await jose.jwtVerify(auth.slice(7), this.jwks, { audience: [KEY_VAULT_RESOURCE, `${KEY_VAULT_RESOURCE}/`], algorithms: ['RS256'] });
      } catch {
        return send(401, { error: { code: 'Unauthorized', message: 'AKV10022: Invalid audience, signature or lifetime.' } }, challenge);
      }
    }
    authorized = true;

    const m = /^\/secrets\/([0-9A-Za-z-]{1,127})(?:\/([0-9A-Za-z]+))?$/.exec(path);
    if (!m) return send(400, { error: { code: 'BadParameter', message: 'Not supported by the local Key Vault.' } });
    const [, name, second] = m;
    if (method === 'PUT' && second === undefined) {
      let parsed: { value?: unknown; contentType?: unknown };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        return send(400, { error: { code: 'BadParameter', message: 'Body is not JSON.' } });
      }
      if (typeof parsed.value !== 'string') return send(400, { error: { code: 'BadParameter', message: 'value is required.' } });
      const version = this.setSecret(name, parsed.value, { contentType: typeof parsed.contentType === 'string' ? parsed.contentType : undefined });
      return send(200, this.bundle(name, this.versions(name).find((v) => v.version === version)!));
    }
    if (method === 'PATCH') return this.update(name, second, body, send);
    if (method !== 'GET') return send(405, { error: { code: 'MethodNotAllowed', message: 'Not supported by the local Key Vault.' } });
    const list = this.secrets.get(name);
    const notFound = (): void => send(404, { error: { code: 'SecretNotFound', message: `A secret with (name/id) ${name}${second ? `/${second}` : ''} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.` } });
    if (!list || list.length === 0) return notFound();
    if (second === 'versions') {
      return send(200, { value: list.map((v) => ({ id: `${this.origin}/secrets/${name}/${v.version}`, contentType: v.contentType, attributes: this.attributes(v) })), nextLink: null });
    }
    const v = second === undefined ? list[list.length - 1] : list.find((x) => x.version === second);
    if (!v) return notFound();
    if (!v.enabled) return send(403, { error: { code: 'Forbidden', message: 'Operation get is not allowed on a disabled secret.', innererror: { code: 'SecretDisabled' } } });
    send(200, this.bundle(name, v));
  }

  /** Update Secret: the version's editable attributes; the answer is the bundle without the value. */
  private update(name: string, version: string | undefined, body: string, send: (status: number, payload: unknown) => void): void {
    const notFound = (): void => send(404, { error: { code: 'SecretNotFound', message: `A secret with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault.` } });
    if (version === 'versions') return notFound();
    let parsed: { attributes?: { enabled?: unknown }; contentType?: unknown };
    try {
      parsed = JSON.parse(body || '{}') as typeof parsed;
    } catch {
      return send(400, { error: { code: 'BadParameter', message: 'Body is not JSON.' } });
    }
    const enabled = parsed.attributes?.enabled;
    if (enabled !== undefined && typeof enabled !== 'boolean') return send(400, { error: { code: 'BadParameter', message: 'attributes.enabled must be a boolean.' } });
    if (parsed.contentType !== undefined && typeof parsed.contentType !== 'string') return send(400, { error: { code: 'BadParameter', message: 'contentType must be a string.' } });
    const v = this.patch(name, version, { ...(enabled !== undefined ? { enabled } : {}), ...(typeof parsed.contentType === 'string' ? { contentType: parsed.contentType } : {}) });
    if (!v) return notFound();
    const { value: _value, ...withoutValue } = this.bundle(name, v);
    send(200, withoutValue);
  }

  private bundle(name: string, v: SecretVersion): Record<string, unknown> {
    return { value: v.value, id: `${this.origin}/secrets/${name}/${v.version}`, ...(v.contentType ? { contentType: v.contentType } : {}), attributes: this.attributes(v), tags: {} };
  }

  private attributes(v: SecretVersion): Record<string, unknown> {
    return { enabled: v.enabled, created: v.created, updated: v.updated, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 };
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startLocalKeyVault(options: LocalKeyVaultOptions): Promise<LocalKeyVault> {
  return new LocalKeyVault(options).start();
}
