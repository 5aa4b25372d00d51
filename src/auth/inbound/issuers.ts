/**
 * Where Entra ID tokens come from, derived from the configured authority host (ENTRA_AUTHORITY_HOST). Pure.
 *   v2.0 issuer: {host}/{tid}/v2.0
 *   v1.0 issuer: {v1 issuer host}/{tid}/  — the v1 host differs from the authority host in the public clouds.
 * Sources: Entra docs (access-tokens: sts.windows.net for v1, login.microsoftonline.com/{tid}/v2.0 for v2);
 * Microsoft Q&A "token issuers for the sovereign cloud" (US Gov v1 = sts.windows.net, China v1 = sts.chinacloudapi.cn).
 * Any other host (a local identity provider, a cloud not listed) issues v1 tokens as {host}/{tid}/.
 */

/** Authority host → host of v1.0 issuers, for the clouds whose v1 issuer lives elsewhere. */
export const V1_ISSUER_HOSTS: Readonly<Record<string, string>> = {
  'https://login.microsoftonline.com': 'https://sts.windows.net',
  'https://login.microsoftonline.us': 'https://sts.windows.net',
  'https://login.partner.microsoftonline.cn': 'https://sts.chinacloudapi.cn',
  'https://login.chinacloudapi.cn': 'https://sts.chinacloudapi.cn',
};

/** Personal Microsoft accounts (MSA) live in this tenant; its tokens are never accepted. */
export const MSA_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** The `{tenantid}` placeholder Entra puts in tenant-independent metadata and in each JWKS key's `issuer`. */
export const TENANT_PLACEHOLDER = '{tenantid}';

export interface EntraIssuers {
  v1(tenantId: string): string;
  v2(tenantId: string): string;
}

const withoutTrailingSlash = (host: string): string => host.replace(/\/+$/, '');

/** Issuer builders for an authority host such as https://login.microsoftonline.com. */
export function entraIssuers(authorityHost: string): EntraIssuers {
  const host = withoutTrailingSlash(authorityHost);
  const v1Host = V1_ISSUER_HOSTS[host.toLowerCase()] ?? host;
  return {
    v1: (tenantId) => `${v1Host}/${tenantId}/`,
    v2: (tenantId) => `${host}/${tenantId}/v2.0`,
  };
}

/** The multi-tenant signing-key document of an authority host. */
export function jwksUrlFor(authorityHost: string): URL {
  return new URL(`${withoutTrailingSlash(authorityHost)}/common/discovery/v2.0/keys`);
}
