/**
 * Reads MSAL's serialized token cache (the documented JSON schema shared by all MSAL libraries). Pure.
 * Used to pick the refresh token of an On-Behalf-Of exchange (long-running grants) and to find accounts whose
 * tokens have all expired (pruning, so the in-memory cache of a long-lived process stays bounded).
 */

interface CredentialEntry {
  readonly home_account_id?: unknown;
  readonly environment?: unknown;
  readonly client_id?: unknown;
  readonly secret?: unknown;
  readonly expires_on?: unknown;
  readonly cached_at?: unknown;
  readonly realm?: unknown;
  /** MSAL writes this one in camelCase (its OBO cache key), older versions in snake_case. */
  readonly userAssertionHash?: unknown;
  readonly user_assertion_hash?: unknown;
}

interface SerializedCache {
  readonly Account?: Record<string, CredentialEntry>;
  readonly AccessToken?: Record<string, CredentialEntry>;
  readonly RefreshToken?: Record<string, CredentialEntry>;
  readonly IdToken?: Record<string, CredentialEntry>;
}

function parse(serialized: string): SerializedCache {
  try {
    const v: unknown = JSON.parse(serialized);
    return v !== null && typeof v === 'object' ? (v as SerializedCache) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The refresh token MSAL holds for this user and app (the newest by cached_at when several), or undefined. */
export function findRefreshToken(serialized: string, homeAccountId: string, clientId: string): string | undefined {
  if (!homeAccountId) return undefined;
  const matches = Object.values(parse(serialized).RefreshToken ?? {}).filter(
    (e) => str(e.home_account_id) === homeAccountId && str(e.client_id).toLowerCase() === clientId.toLowerCase() && str(e.secret) !== '',
  );
  matches.sort((a, b) => Number(str(b.cached_at) || 0) - Number(str(a.cached_at) || 0));
  return matches.length ? str(matches[0].secret) : undefined;
}

/**
 * The home account id (uid.utid from client_info) of the user behind an OBO exchange: read from the access token MSAL
 * cached for that assertion (`userAssertionHash`, base64url SHA-256 of the assertion) in that tenant. Needed because an
 * OBO answer without an id_token leaves `result.account` null while the tokens are still filed under the user.
 */
export function homeAccountIdForAssertion(serialized: string, assertionHash: string, tenantId: string): string | undefined {
  const at = Object.values(parse(serialized).AccessToken ?? {}).find(
    (e) => (str(e.userAssertionHash) || str(e.user_assertion_hash)) === assertionHash && str(e.realm).toLowerCase() === tenantId.toLowerCase() && str(e.home_account_id) !== '',
  );
  return at ? str(at.home_account_id) : undefined;
}

/** The cache environment (authority host as MSAL files it) of a user's refresh token. */
export function environmentOf(serialized: string, homeAccountId: string): string | undefined {
  const e = Object.values(parse(serialized).RefreshToken ?? {}).find((x) => str(x.home_account_id) === homeAccountId && str(x.environment) !== '');
  return e ? str(e.environment) : undefined;
}

export interface CachedAccountRef {
  readonly homeAccountId: string;
  readonly environment: string;
}

/**
 * User accounts (non-empty home account id) none of whose access tokens is valid at `nowSeconds`. App-only tokens
 * (empty home account id) are never listed: removing by an empty id would match every entry.
 */
export function staleAccounts(serialized: string, nowSeconds: number): CachedAccountRef[] {
  const cache = parse(serialized);
  const live = new Set<string>();
  for (const at of Object.values(cache.AccessToken ?? {})) {
    if (Number(str(at.expires_on) || at.expires_on) > nowSeconds) live.add(str(at.home_account_id));
  }
  const seen = new Map<string, CachedAccountRef>();
  for (const section of [cache.Account, cache.AccessToken, cache.RefreshToken, cache.IdToken]) {
    for (const e of Object.values(section ?? {})) {
      const id = str(e.home_account_id);
      const environment = str(e.environment);
      if (id === '' || environment === '' || live.has(id)) continue;
      seen.set(`${id}|${environment}`, { homeAccountId: id, environment });
    }
  }
  return [...seen.values()];
}
