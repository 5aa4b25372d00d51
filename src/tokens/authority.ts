/**
 * Authority settings for MSAL, derived from ENTRA_AUTHORITY_HOST only. Pure.
 *
 * MSAL knows the Microsoft cloud hosts and carries their metadata; any other host (a sovereign-cloud alias MSAL does
 * not list, a test identity provider) must be named in `knownAuthorities`, or MSAL asks
 * login.microsoftonline.com for instance discovery and fails offline. The rule depends on the configured host,
 * never on "are we local".
 */
import { InvalidRequestError } from '../fabric/errors';
import { GUID } from '../fabric/guid';

/** Hosts MSAL resolves from its built-in metadata (msal-common InstanceDiscoveryMetadataAliases). */
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
  'login.microsoftonline.de',
  'login-us.microsoftonline.com',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
]);


/** `knownAuthorities` for MSAL: empty for Microsoft hosts (built-in metadata), else the configured host (with port). */
export function knownAuthoritiesFor(authorityHost: string): string[] {
  const host = new URL(authorityHost).host.toLowerCase();
  return MICROSOFT_AUTHORITY_HOSTS.has(host) ? [] : [host];
}

/** `{authorityHost}/{tenantId}`; the tenant must be a GUID (it always comes from a validated token's tid or config). */
export function authorityFor(authorityHost: string, tenantId: string): string {
  return `${authorityHost.replace(/\/+$/, '')}/${requireTenantId(tenantId)}`;
}

export function requireTenantId(tenantId: string): string {
  if (typeof tenantId !== 'string' || !GUID.test(tenantId)) throw new InvalidRequestError('Tenant id must be a GUID', { errorCode: 'InvalidTenantId' });
  return tenantId.toLowerCase();
}

/** Scopes must be a non-empty list of non-empty strings without spaces (MSAL joins them with spaces). */
export function requireScopes(scopes: readonly string[]): string[] {
  if (!Array.isArray(scopes) || scopes.length === 0 || scopes.some((s) => typeof s !== 'string' || s === '' || /\s/.test(s))) {
    throw new InvalidRequestError('Scopes must be a non-empty list of scope strings', { errorCode: 'InvalidScopes' });
  }
  return [...scopes];
}
