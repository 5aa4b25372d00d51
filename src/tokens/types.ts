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

/**
 * The job a long-running grant belongs to, and its user: the grant is sealed to them, so a grant copied into another
 * job (or another user's job) does not unseal there. All GUIDs.
 */
export interface LongRunningJob {
  readonly workspaceId: string;
  readonly itemId: string;
  readonly jobInstanceId: string;
  /** The user's object id (oid) in the job's tenant, from the validated subject token. */
  readonly userObjectId: string;
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
  beginLongRunning(req: OnBehalfOfRequest & { readonly job: LongRunningJob }): Promise<string>;
  /**
   * … that later yields fresh tokens for the same user after the subject token expired, on any instance holding the
   * grant keys, for the job and user it was begun for. Returns the grant to store from now on (refresh tokens rotate);
   * its absolute expiry never moves.
   */
  acquireLongRunning(req: { readonly grant: string; readonly tenantId: string; readonly scopes: readonly string[]; readonly job: LongRunningJob }): Promise<{ token: AccessToken; grant: string }>;
}
