/**
 * Where a consent problem can be fixed. Pure.
 *
 * Why the admin-consent form (`/{tenant}/v2.0/adminconsent`) and not `/oauth2/v2.0/authorize`:
 * - Per-user consent is already handled in the product: the Fabric frontend SDK answers our `ConsentRequired`
 *   error by calling `acquireAccessToken({ additionalScopesToConsent })`, which shows Entra's consent prompt.
 *   The URL is for the case that path cannot solve: user consent disabled by tenant policy (the default in many
 *   enterprises), or AADSTS65005/700016 where only an administrator can provision the app or grant the resource.
 * - Admin consent fixes it for every user of the tenant at once, needs no reply URL of ours, and never carries an
 *   authorization code back (an authorize URL would need a registered redirect URI and a code to throw away).
 */

/** `{authorityHost}/{tenant}/v2.0/adminconsent?client_id=…&scope=…` for the user's tenant. */
export function adminConsentUrl(authorityHost: string, tenantId: string, clientId: string, scopes: readonly string[]): string {
  const url = new URL(`${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('scope', scopes.join(' '));
  return url.toString();
}
