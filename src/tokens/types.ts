/** The token module's contract (see src/tokens/index.ts for the documentation others read). */

export interface AccessToken {
  readonly token: string;
  readonly expiresOn: Date;
}

export interface OnBehalfOfRequest {
  /** The caller's validated user token (subject token, or the data-plane Bearer token). Never logged. */
  readonly subjectToken: string;
  /** The user's tenant (the token's tid). */
  readonly tenantId: string;
  readonly scopes: readonly string[];
}

export interface TokenClient {
  /** OBO in the user's tenant; a second identical request within the token's life makes no network call. */
  onBehalfOf(req: OnBehalfOfRequest): Promise<AccessToken>;
  /** Client credentials in the publisher tenant (TENANT_ID). */
  appOnly(scopes: readonly string[]): Promise<AccessToken>;
  /** `SubjectAndAppToken1.0 subjectToken="<OBO>", appToken="<S2S>"` for Fabric workload-control APIs (scope https://analysis.windows.net/powerbi/api/.default). */
  workloadControlAuthorization(req: { readonly subjectToken: string; readonly tenantId: string }): Promise<string>;
  /**
   * Long-running work: performs the OBO exchange for `scopes` now (so consent and conditional-access problems surface
   * while the user is present) and returns an opaque, sealed grant, safe to persist in a job record …
   */
  beginLongRunning(req: OnBehalfOfRequest): Promise<string>;
  /**
   * … that later yields fresh tokens for the same user after the subject token expired, on any instance holding the
   * grant keys. Returns the grant to store from now on (refresh tokens rotate); its absolute expiry never moves.
   */
  acquireLongRunning(req: { readonly grant: string; readonly tenantId: string; readonly scopes: readonly string[] }): Promise<{ token: AccessToken; grant: string }>;
}
