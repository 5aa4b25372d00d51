/**
 * A local Microsoft Entra ID for tests and the sandbox: discovery and JWKS at Entra's paths for any tenant,
 * a token endpoint answering client credentials, On-Behalf-Of and refresh-token grants, real RS256 JWTs,
 * and knobs to inject failures (consent errors, JWKS outages, slow answers).
 * Built on oauth2-mock-server's OAuth2Issuer (key store and signing); routing is ours, so that every
 * tenant path works and OBO is answered (the stock service rejects OBO before any hook runs).
 */
import { listenLocal, type LocalServer } from '../local-server';
import { createHash, createPrivateKey, randomUUID, sign as cryptoSign, type JsonWebKey } from 'node:crypto';
import * as http from 'node:http';
import { OAuth2Issuer } from 'oauth2-mock-server';
import * as jose from 'jose';

export interface LocalEntraOptions {
  /** Serve HTTPS with this certificate (PEM). MSAL requires an https authority. */
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly port?: number;
  readonly host?: string;
  /** Registered confidential clients: client id → secret. Unknown clients get AADSTS700016; bad secrets AADSTS7000215. */
  readonly clients?: Readonly<Record<string, string>>;
  /**
   * Certificate credentials: client id → PEM certificate. A client assertion signed by that certificate's key
   * (private_key_jwt, RS256/PS256) authenticates the client. Assertions signed by this IdP's own keys (managed-identity
   * tokens used as federated credentials) are accepted for every registered client.
   */
  readonly clientCertificates?: Readonly<Record<string, string>>;
  /** Lifetime of tokens issued by the token endpoint, seconds (default 3600). */
  readonly tokenLifetimeSeconds?: number;
}

/** What the token endpoint received (form fields; secrets and assertions are kept for assertions in tests only). */
export type TokenRequest = Readonly<Record<string, string>> & { readonly tenant: string };
export interface OverrideAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  /** Delay before answering, ms. */
  readonly delayMs?: number;
}
export type TokenOverride = (req: TokenRequest) => OverrideAnswer | undefined | Promise<OverrideAnswer | undefined>;
/** JWKS behaviour: undefined = normal; 'down' = connection reset; 'garbage' = 200 with invalid JSON; or an answer. */
export type JwksBehaviour = undefined | 'down' | 'garbage' | OverrideAnswer;

export interface MintOptions {
  /** 'v1' (default) or 'v2': picks iss and ver. */
  readonly version?: 'v1' | 'v2';
  readonly tenantId: string;
  readonly expiresInSeconds?: number;
  /** Sign with this key id (default: the newest key). */
  readonly kid?: string;
}

const GRANT_JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export class LocalEntra {
  readonly issuer = new OAuth2Issuer();
  /** Every token-endpoint request, in order. */
  readonly tokenRequests: TokenRequest[] = [];
  /** Number of JWKS document requests served (any tenant). */
  jwksRequests = 0;
  private server?: LocalServer;
  private tokenOverride?: TokenOverride;
  private jwksBehaviour: JwksBehaviour;
  private readonly retired = new Set<string>();
  private refreshTokens = new Map<string, { sub: Record<string, unknown>; clientId: string; tenant: string }>();
  /** Pending answer delays; stop() ends them so no timer outlives the server. */
  private readonly delays = new Set<() => void>();
  origin = '';

  constructor(private readonly options: LocalEntraOptions = {}) {}

  async start(): Promise<this> {
    if (this.issuer.keys.toJSON().length === 0) await this.issuer.keys.generate('RS256', { kid: randomUUID() });
    this.server = await listenLocal((req, res) => this.handle(req, res), { tls: this.options.tls, port: this.options.port, host: this.options.host });
    this.origin = this.server.origin;
    this.issuer.url = this.origin;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    for (const end of [...this.delays]) end();
    await s.stop();
  }

  /** Issuer of tokens for a tenant, as the validator derives it from ENTRA_AUTHORITY_HOST. */
  issuerFor(tenantId: string, version: 'v1' | 'v2'): string {
    return version === 'v2' ? `${this.origin}/${tenantId}/v2.0` : `${this.origin}/${tenantId}/`;
  }

  setTokenOverride(fn: TokenOverride | undefined): void {
    this.tokenOverride = fn;
  }

  setJwksBehaviour(b: JwksBehaviour): void {
    this.jwksBehaviour = b;
  }

  /** Adds a new signing key (rotation) and returns its kid. New tokens are signed with it. */
  async rotateKey(): Promise<string> {
    const kid = randomUUID();
    await this.issuer.keys.generate('RS256', { kid });
    return kid;
  }

  /** Stops publishing a key (it stays usable for signing, so tests can mint tokens with a retired kid). */
  retireKey(kid: string): void {
    this.retired.add(kid);
  }

  /** Kids currently published, oldest first. */
  kids(): string[] {
    return this.issuer.keys.toJSON().map((k) => k.kid).filter((k) => !this.retired.has(k));
  }

  /** The published JWKS with Entra's per-key issuer member. */
  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: this.issuer.keys.toJSON().filter((k) => !this.retired.has(k.kid)).map((k) => ({ ...k, use: 'sig', issuer: `${this.origin}/{tenantid}/v2.0` })) };
  }

  /**
   * Mints an Entra-shaped access token: iss/ver/tid/iat/nbf/exp filled in for the tenant and version, then the given
   * claims on top (a claim set to undefined is removed, so tests can drop required claims).
   */
  async mint(claims: Record<string, unknown>, options: MintOptions): Promise<string> {
    const version = options.version ?? 'v1';
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuerFor(options.tenantId, version),
      ver: version === 'v2' ? '2.0' : '1.0',
      tid: options.tenantId,
      iat: now,
      nbf: now,
      exp: now + (options.expiresInSeconds ?? 3600),
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ...claims,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    return this.sign({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? this.newestKid() }, payload);
  }

  /** Signs any header and payload with a published key (kid from the header, or the newest key). For bad-token tests. */
  async sign(header: jose.JWTHeaderParameters & Record<string, unknown>, payload: Record<string, unknown>, kid?: string): Promise<string> {
    const all = this.issuer.keys.toJSON().map((k) => k.kid);
    const jwk = this.issuer.keys.get(kid ?? (typeof header.kid === 'string' && all.includes(header.kid) ? header.kid : this.newestKid()));
    if (!jwk) throw new Error('no signing key');
    // Signed with node:crypto, not jose, so any header (crit, b64, odd alg values) can be produced for bad-token tests.
    const key = createPrivateKey({ key: jwk as unknown as JsonWebKey, format: 'jwk' });
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${cryptoSign('sha256', Buffer.from(input), key).toString('base64url')}`;
  }

  private newestKid(): string {
    const kids = this.kids();
    return kids[kids.length - 1];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const parts = url.pathname.split('/').filter(Boolean);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const tenant = parts[0] ?? '';

    // GET /{tenant}/discovery/v2.0/keys and /{tenant}/discovery/keys
    if (req.method === 'GET' && parts[1] === 'discovery' && parts[parts.length - 1] === 'keys') {
      this.jwksRequests++;
      const b = this.jwksBehaviour;
      if (b === 'down') {
        req.socket.destroy();
        return;
      }
      if (b === 'garbage') return send(200, '{"keys": [ not json');
      if (b) {
        if (b.delayMs) await this.delay(b.delayMs);
        return send(b.status, b.body, b.headers);
      }
      return send(200, this.jwks());
    }
    // GET /{tenant}/v2.0/.well-known/openid-configuration (and v1 form)
    if (req.method === 'GET' && url.pathname.endsWith('/.well-known/openid-configuration')) {
      const v2 = parts[1] === 'v2.0';
      return send(200, {
        issuer: v2 ? `${this.origin}/${tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : tenant}/v2.0` : `${this.origin}/${tenant}/`,
        authorization_endpoint: `${this.origin}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${this.origin}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${this.origin}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${this.origin}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'localhost',
      });
    }
    // POST /{tenant}/oauth2/v2.0/token
    if (req.method === 'POST' && parts[1] === 'oauth2' && parts[parts.length - 1] === 'token') {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req))) as Record<string, string>;
      const tokenReq: TokenRequest = { ...form, tenant };
      this.tokenRequests.push(tokenReq);
      const override = await this.tokenOverride?.(tokenReq);
      if (override) {
        if (override.delayMs) await this.delay(override.delayMs);
        return send(override.status, override.body, override.headers);
      }
      const answer = await this.answerToken(tokenReq);
      return send(answer.status, answer.body, answer.headers);
    }
    send(404, { error: 'not_found' });
  }

  /** Waits ms, or less when the server stops first. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.delays.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.delays.add(end);
    });
  }

  private async answerToken(f: TokenRequest): Promise<OverrideAnswer> {
    const clients = this.options.clients;
    const clientId = f.client_id ?? '';
    if (clients) {
      if (!(clientId in clients)) return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${f.tenant}'.`);
      const secretOk = f.client_secret !== undefined && f.client_secret === clients[clientId];
      const assertionOk = f.client_assertion_type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' && typeof f.client_assertion === 'string' && f.client_assertion.length > 0;
      if (!secretOk && !(assertionOk && (await this.verifyClientAssertion(clientId, f.client_assertion)))) {
        return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
      }
    }
    const scope = f.scope ?? '';
    const resource = scope.split(' ').find((s) => s.endsWith('/.default'))?.replace(/\/\.default$/, '') ?? scope.split(' ')[0]?.replace(/\/[^/]+$/, '') ?? '';
    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    const tenantId = f.tenant;
    if (f.grant_type === 'client_credentials') {
      const token = await this.mint({ iss: downstreamIssuer(tenantId), aud: resource, appid: clientId, azp: undefined, idtyp: 'app', oid: stableGuid(`sp:${clientId}`), sub: stableGuid(`sp:${clientId}`), roles: ['Workload.Control'] }, { tenantId, expiresInSeconds: lifetime });
      return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token } };
    }
    if (f.grant_type === GRANT_JWT_BEARER && f.requested_token_use === 'on_behalf_of') {
      let user: jose.JWTPayload;
      try {
        user = await this.verifyOwn(f.assertion ?? '');
      } catch (e) {
        const expired = e instanceof jose.errors.JWTExpired;
        return aadError(400, 'invalid_grant', expired ? 500133 : 50013, expired ? 'Assertion is not within its valid time range.' : 'Assertion failed signature validation.');
      }
      if (typeof user.scp !== 'string') return aadError(400, 'invalid_grant', 50013, 'Assertion is not a delegated user token.');
      return this.userTokenAnswer(user as Record<string, unknown>, clientId, tenantId, scope, resource, lifetime);
    }
    if (f.grant_type === 'refresh_token') {
      const rt = this.refreshTokens.get(f.refresh_token ?? '');
      if (!rt || rt.clientId !== clientId) return aadError(400, 'invalid_grant', 70000, 'The provided value for the refresh_token is not valid.');
      return this.userTokenAnswer(rt.sub, clientId, tenantId, scope, resource, lifetime);
    }
    return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${f.grant_type ?? ''}'.`);
  }

  private async userTokenAnswer(user: Record<string, unknown>, clientId: string, tenantId: string, scope: string, resource: string, lifetime: number): Promise<OverrideAnswer> {
    const sub = { oid: user.oid, upn: user.upn, name: user.name, preferred_username: user.preferred_username, tid: user.tid };
    const token = await this.mint({ iss: downstreamIssuer((user.tid as string) ?? tenantId), aud: resource, appid: clientId, oid: sub.oid, upn: sub.upn, name: sub.name, scp: 'user_impersonation' }, { tenantId: (user.tid as string) ?? tenantId, expiresInSeconds: lifetime });
    const refresh = `rt.${randomUUID()}`;
    this.refreshTokens.set(refresh, { sub, clientId, tenant: tenantId });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: scope.split(' ').filter((s) => s !== 'offline_access' && s !== 'openid' && s !== 'profile').join(' '),
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: token,
        refresh_token: refresh,
        client_info: Buffer.from(JSON.stringify({ uid: String(sub.oid ?? ''), utid: String(sub.tid ?? tenantId) })).toString('base64url'),
      },
    };
  }

  /** Verifies a token this IdP issued (signature and lifetime). */
  /** A federated assertion (signed by this IdP) or a certificate assertion (signed by the client's registered certificate). */
  private async verifyClientAssertion(clientId: string, assertion: string): Promise<boolean> {
    const pem = this.options.clientCertificates?.[clientId];
    if (pem) {
      try {
        const alg = jose.decodeProtectedHeader(assertion).alg;
        if (alg === 'RS256' || alg === 'PS256') {
          // Entra allows 5 minutes of clock skew; MSAL rounds nbf to the nearest second, so it can be just ahead of ours.
          await jose.jwtVerify(assertion, await jose.importX509(pem, alg), { algorithms: [alg], subject: clientId, issuer: clientId, clockTolerance: 300 });
          return true;
        }
      } catch {
        // not signed by the certificate: try this IdP's own keys below
      }
    }
    return this.verifyOwn(assertion).then(
      () => true,
      () => false,
    );
  }

  private async verifyOwn(token: string): Promise<jose.JWTPayload> {
    const set = jose.createLocalJWKSet({ keys: this.issuer.keys.toJSON() as unknown as jose.JWK[] });
    const { payload } = await jose.jwtVerify(token, set, { algorithms: ['RS256'] });
    return payload;
  }
}

export function aadError(status: number, error: string, code: number, description: string, extra: Record<string, unknown> = {}): OverrideAnswer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: traceId,
      correlation_id: correlationId,
      ...extra,
    },
  };
}

/** The answer Entra gives when the user (or admin) has not consented to the scopes (AADSTS65001). */
export function consentRequired(clientId: string): OverrideAnswer {
  return aadError(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${clientId}' named 'Fabric Workload'. Send an interactive authorization request for this user and resource.`, { suberror: 'consent_required' });
}

/** A conditional-access claims challenge (AADSTS50076, MFA required) carrying a claims value. */
export function claimsChallenge(claims = '{"access_token":{"capolids":{"essential":true,"values":["00000000-0000-0000-0000-000000000001"]}}}'): OverrideAnswer {
  return aadError(400, 'invalid_grant', 50076, 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.', { suberror: 'basic_action', claims });
}

/**
 * Tokens the token endpoint issues are for downstream resources (Storage/OneLake, Fabric), never for this workload,
 * so they carry the issuer those resources expect from Entra (v1 form). Azurite's OAuth mode checks exactly this.
 */
function downstreamIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

function stableGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}


export async function startLocalEntra(options: LocalEntraOptions = {}): Promise<LocalEntra> {
  return new LocalEntra(options).start();
}
