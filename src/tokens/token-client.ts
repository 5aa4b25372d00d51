/**
 * The token module over @azure/msal-node:
 * - ONE ConfidentialClientApplication per process and credential generation (its in-memory cache is what makes a
 *   repeated OBO free); authority `{ENTRA_AUTHORITY_HOST}/{TENANT_ID}`, per-request `{host}/{userTenant}` for OBO;
 * - identical concurrent requests share one network call (single flight);
 * - Entra failures become FabricErrors (failure-answer.ts); invalid_client re-reads the credential once (rotation);
 * - network failures, 5xx and 429 are retried underneath MSAL (network-client.ts);
 * - long-running grants: the OBO refresh token, sealed (long-running-grant.ts, docs/long-running-obo.md);
 * - the cache is pruned of users whose tokens all expired, at most every `cachePruneIntervalMs`.
 */
import { createHash } from 'node:crypto';
import type { AccountInfo, AuthenticationResult, ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import { formatSubjectAndAppToken } from '../auth/inbound/header';
import type { CredentialSource, ClientCredentialMaterial } from '../credentials/types';
import { FabricError, InvalidRequestError } from '../fabric/errors';
import { GUID } from '../fabric/guid';
import type { Logger } from '../observability/logger';
import { authorityFor, knownAuthoritiesFor, requireScopes, requireTenantId } from './authority';
import { classifyEntraFailure } from './entra-failure';
import { LongRunningGrantInvalidError, TokenAcquisitionFailedError } from './errors';
import { failureAnswer, type FailureContext, type TokenFlow } from './failure-answer';
import type { GrantKeyRing } from './grant-keys';
import { grantKeyId, sealGrant, unsealGrant } from './long-running-grant';
import { environmentOf, findRefreshToken, homeAccountIdForAssertion, staleAccounts } from './msal-cache';
import { createRetryingNetworkClient } from './network-client';
import { DEFAULT_RETRY_POLICY, SYSTEM_RETRY_CLOCK, type RetryClock, type RetryPolicy } from '../shared/retry';
import { SingleFlightGroup } from '../shared/single-flight';
import { SCOPES } from './scopes';
import type { AccessToken, LongRunningJob, OnBehalfOfRequest, TokenClient } from './types';

type Msal = typeof import('@azure/msal-node');

export interface TokenClientOptions {
  /** BACKEND_APPID */
  readonly clientId: string;
  /** TENANT_ID */
  readonly publisherTenantId: string;
  /** ENTRA_AUTHORITY_HOST, no trailing slash. */
  readonly authorityHost: string;
  readonly credentials: CredentialSource;
  readonly grantKeys: GrantKeyRing;
  /** Absolute lifetime of a long-running grant, seconds. */
  readonly grantMaxAgeSeconds: number;
  readonly log: Logger;
  readonly retryPolicy?: RetryPolicy;
  /** Per-attempt timeout of calls to Entra, ms (default 10 s). */
  readonly requestTimeoutMs?: number;
  readonly clock?: RetryClock;
  /** Default 10 minutes. */
  readonly cachePruneIntervalMs?: number;
}

/** Loads MSAL (heavy) and builds the client. */
export async function createTokenClient(options: TokenClientOptions): Promise<TokenClient> {
  const msal = await import('@azure/msal-node');
  return new MsalTokenClient(msal, options);
}

interface App {
  readonly generation: number;
  readonly cca: ConfidentialClientApplication;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');
const scopeKey = (scopes: readonly string[]): string => [...scopes].sort().join(' ');

class MsalTokenClient implements TokenClient {
  private app?: App;
  private readonly inflight = new SingleFlightGroup<AuthenticationResult>();
  private readonly network: NonNullable<NonNullable<Configuration['system']>['networkClient']>;
  private readonly clock: RetryClock;
  private lastPruneAt: number;

  constructor(
    private readonly msal: Msal,
    private readonly o: TokenClientOptions,
  ) {
    this.clock = o.clock ?? SYSTEM_RETRY_CLOCK;
    this.lastPruneAt = this.clock.now();
    this.network = createRetryingNetworkClient({
      policy: o.retryPolicy ?? DEFAULT_RETRY_POLICY,
      timeoutMs: o.requestTimeoutMs ?? 10_000,
      clock: this.clock,
      authError: (errorCode, message) => new msal.AuthError(errorCode, message),
    });
  }

  async onBehalfOf(req: OnBehalfOfRequest): Promise<AccessToken> {
    return accessTokenOf(await this.obo(req, false));
  }

  async appOnly(scopes: readonly string[]): Promise<AccessToken> {
    const s = requireScopes(scopes);
    const ctx = this.context('appOnly', this.o.publisherTenantId, s);
    const result = await this.inflight.run(`app|${scopeKey(s)}`, () => this.run(ctx, (cca) => cca.acquireTokenByClientCredential({ scopes: s })));
    return accessTokenOf(result);
  }

  async workloadControlAuthorization(req: { readonly subjectToken: string; readonly tenantId: string }): Promise<string> {
    const [subject, app] = await Promise.all([this.onBehalfOf({ subjectToken: req.subjectToken, tenantId: req.tenantId, scopes: [SCOPES.fabric] }), this.appOnly([SCOPES.fabric])]);
    return formatSubjectAndAppToken({ subjectToken: subject.token, appToken: app.token });
  }

  async beginLongRunning(req: OnBehalfOfRequest & { readonly job: LongRunningJob }): Promise<string> {
    const tenantId = requireTenantId(req.tenantId);
    const binding = { clientId: this.o.clientId, tenantId, ...requireJob(req.job) };
    let found = this.oboRefreshToken(await this.obo(req, false), req.subjectToken, tenantId);
    // The cached OBO answer may predate a prune of its refresh token: exchange again to get one.
    found ??= this.oboRefreshToken(await this.obo(req, true), req.subjectToken, tenantId);
    if (!found) throw new TokenAcquisitionFailedError('Entra ID returned no refresh token in the On-Behalf-Of exchange');
    const key = await this.o.grantKeys.current();
    const now = Math.floor(this.clock.now() / 1000);
    return sealGrant({ refreshToken: found.refreshToken, homeAccountId: found.homeAccountId, issuedAt: now, expiresAt: now + this.o.grantMaxAgeSeconds }, key, binding);
  }

  async acquireLongRunning(req: { readonly grant: string; readonly tenantId: string; readonly scopes: readonly string[]; readonly job: LongRunningJob }): Promise<{ token: AccessToken; grant: string }> {
    const tenantId = requireTenantId(req.tenantId);
    const scopes = requireScopes(req.scopes);
    const key = await this.o.grantKeys.byId(grantKeyId(req.grant));
    if (!key) throw new LongRunningGrantInvalidError('sealed with a key this endpoint does not hold, or one that was disabled or deleted');
    // unsealGrant refuses a job or user that is missing or not GUIDs (e.g. a job record without its user).
    const binding = { clientId: this.o.clientId, tenantId, ...req.job };
    const contents = unsealGrant(req.grant, key, binding, Math.floor(this.clock.now() / 1000));
    const authority = authorityFor(this.o.authorityHost, tenantId);
    const ctx = this.context('longRunning', tenantId, scopes);

    const result = await this.inflight.run(`lr|${contents.homeAccountId}|${tenantId}|${scopeKey(scopes)}`, () =>
      this.run(ctx, async (cca) => {
        // This instance may already hold the user's tokens (same process as the OBO, or an earlier redemption):
        // then MSAL answers from its cache, or refreshes with the refresh token it holds.
        const account = this.cachedAccount(cca, contents.homeAccountId, tenantId);
        if (account) {
          try {
            return await cca.acquireTokenSilent({ account, scopes, authority });
          } catch (err) {
            const kind = classifyEntraFailure(err).kind;
            // A redirect is never followed, nor sent the grant's refresh token by the fallback.
            if (kind === 'transient' || kind === 'invalid-client' || kind === 'redirect') throw err;
            // Anything else: fall back to the grant's own refresh token.
          }
        }
        // forceCache: keep the answer (and the rotated refresh token) even though no account is cached yet.
        return cca.acquireTokenByRefreshToken({ refreshToken: contents.refreshToken, scopes, authority, forceCache: true });
      }),
    );
    const rotated = (this.app && findRefreshToken(this.app.cca.getTokenCache().serialize(), contents.homeAccountId, this.o.clientId)) || contents.refreshToken;
    const sealWith = await this.o.grantKeys.current();
    return { token: accessTokenOf(result), grant: sealGrant({ ...contents, refreshToken: rotated }, sealWith, binding) };
  }

  // ---- internals ----

  private obo(req: OnBehalfOfRequest, skipCache: boolean): Promise<AuthenticationResult> {
    if (typeof req.subjectToken !== 'string' || req.subjectToken === '') throw new InvalidRequestError('A subject token is required for On-Behalf-Of', { errorCode: 'SubjectTokenRequired' });
    const tenantId = requireTenantId(req.tenantId);
    const scopes = requireScopes(req.scopes);
    const authority = authorityFor(this.o.authorityHost, tenantId);
    const ctx = this.context('onBehalfOf', tenantId, scopes);
    return this.inflight.run(`obo|${sha256(req.subjectToken)}|${tenantId}|${scopeKey(scopes)}|${skipCache}`, () =>
      this.run(ctx, (cca) => cca.acquireTokenOnBehalfOf({ oboAssertion: req.subjectToken, scopes, authority, skipCache })),
    );
  }

  private context(flow: TokenFlow, tenantId: string, scopes: readonly string[]): FailureContext {
    return { flow, tenantId, scopes, authorityHost: this.o.authorityHost, clientId: this.o.clientId };
  }

  /** Runs one MSAL call; invalid_client → re-read the credential once and retry with a new application. */
  private async run(ctx: FailureContext, call: (cca: ConfidentialClientApplication) => Promise<AuthenticationResult | null>): Promise<AuthenticationResult> {
    let app = await this.application();
    let renewed = false;
    for (;;) {
      try {
        const result = await call(app.cca);
        if (!result?.accessToken) throw new TokenAcquisitionFailedError('no access token in the answer');
        await this.maybePrune(app.cca);
        return result;
      } catch (err) {
        if (err instanceof FabricError) throw err;
        const failure = classifyEntraFailure(err);
        if (failure.kind === 'invalid-client' && !renewed) {
          renewed = true;
          if (await this.o.credentials.renew(app.generation)) {
            app = await this.application();
            continue;
          }
        }
        if (failure.kind === 'invalid-client') {
          this.o.log.error(`Entra ID rejected the backend credential (invalid_client${failure.code ? `, AADSTS${failure.code}` : ''}): ${this.o.credentials.description}`);
        }
        throw failureAnswer(failure, ctx, { cause: err });
      }
    }
  }

  /** The application for the current credential generation; a new generation inherits the previous cache. */
  private async application(): Promise<App> {
    const snapshot = await this.o.credentials.current();
    if (this.app && this.app.generation >= snapshot.generation) return this.app;
    const cca = new this.msal.ConfidentialClientApplication({
      auth: {
        clientId: this.o.clientId,
        authority: authorityFor(this.o.authorityHost, this.o.publisherTenantId),
        knownAuthorities: knownAuthoritiesFor(this.o.authorityHost),
        ...clientAuth(snapshot.material),
      },
      system: { networkClient: this.network },
    });
    if (this.app) cca.getTokenCache().deserialize(this.app.cca.getTokenCache().serialize());
    this.app = { generation: snapshot.generation, cca };
    return this.app;
  }

  /** The user (home account id) and refresh token behind an OBO answer, from MSAL's cache. */
  private oboRefreshToken(result: AuthenticationResult, subjectToken: string, tenantId: string): { homeAccountId: string; refreshToken: string } | undefined {
    if (!this.app) return undefined;
    const serialized = this.app.cca.getTokenCache().serialize();
    const homeAccountId = result.account?.homeAccountId || homeAccountIdForAssertion(serialized, sha256(subjectToken), tenantId);
    const refreshToken = homeAccountId ? findRefreshToken(serialized, homeAccountId, this.o.clientId) : undefined;
    return homeAccountId && refreshToken ? { homeAccountId, refreshToken } : undefined;
  }

  /** An account reference MSAL's silent flow can use, when this instance holds a refresh token for the user. */
  private cachedAccount(cca: ConfidentialClientApplication, homeAccountId: string, tenantId: string): AccountInfo | undefined {
    const environment = environmentOf(cca.getTokenCache().serialize(), homeAccountId);
    return environment ? { homeAccountId, environment, tenantId, username: '', localAccountId: homeAccountId.split('.')[0] ?? '' } : undefined;
  }

  private async maybePrune(cca: ConfidentialClientApplication): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastPruneAt < (this.o.cachePruneIntervalMs ?? 10 * 60_000)) return;
    this.lastPruneAt = now;
    const cache = cca.getTokenCache();
    for (const a of staleAccounts(cache.serialize(), Math.floor(now / 1000))) {
      await cache.removeAccount({ homeAccountId: a.homeAccountId, environment: a.environment, tenantId: '', username: '', localAccountId: '' });
    }
  }
}

function clientAuth(material: ClientCredentialMaterial): Partial<Configuration['auth']> {
  switch (material.kind) {
    case 'secret':
      return { clientSecret: material.secret };
    case 'certificate':
      return { clientCertificate: { thumbprintSha256: material.thumbprintSha256, privateKey: material.privateKey, x5c: material.x5c } };
    case 'assertion':
      return { clientAssertion: () => material.getAssertion() };
  }
}

/** The job and user a grant is begun for: GUIDs, or the request is refused (they go into the grant's binding). */
function requireJob(job: LongRunningJob | undefined): LongRunningJob {
  const ids = job ? [job.workspaceId, job.itemId, job.jobInstanceId, job.userObjectId] : [];
  if (!job || !ids.every((id) => typeof id === 'string' && GUID.test(id))) {
    throw new InvalidRequestError('A long-running grant needs the job (workspace, item, job instance) and the user object id, as GUIDs', { errorCode: 'InvalidLongRunningJob' });
  }
  return { workspaceId: job.workspaceId, itemId: job.itemId, jobInstanceId: job.jobInstanceId, userObjectId: job.userObjectId };
}

function accessTokenOf(r: AuthenticationResult): AccessToken {
  return { token: r.accessToken, expiresOn: r.expiresOn ?? new Date(Date.now() + 5 * 60_000) };
}
