import type { CorrelationIds } from '../../observability/correlation';

/** The signed-in user behind a delegated token. Identity key is (tenantId, oid); name/upn are display only. */
export interface UserIdentity {
  readonly tenantId: string;
  readonly oid: string;
  readonly name?: string;
  readonly upn?: string;
}

/** Handed to control-plane handlers (Fabric → workload) after both tokens were validated. */
export interface ControlPlaneAuthContext {
  readonly kind: 'controlPlane';
  /** The tenant the call acts in: the user's tenant (x-ms-client-tenant-id, equal to the subject token's tid). */
  readonly tenantId: string;
  /** The publisher tenant the app token came from. */
  readonly publisherTenantId: string;
  /** Fabric app id that called (appToken appid/azp). */
  readonly callerAppId: string;
  /** Present when a subject token was sent. */
  readonly user?: UserIdentity;
  /** The raw, validated subject token, kept for On-Behalf-Of exchanges. Never log it. */
  readonly subjectToken?: string;
  readonly correlation: CorrelationIds;
}

/** Handed to data-plane handlers (workload frontend → backend) after the Bearer token was validated. */
export interface DataPlaneAuthContext {
  readonly kind: 'dataPlane';
  readonly tenantId: string;
  readonly user: UserIdentity;
  /** Client app that obtained the token (appid/azp). */
  readonly clientAppId: string;
  /** The token's scopes (scp split on spaces). */
  readonly scopes: readonly string[];
  /** The raw, validated token, kept for On-Behalf-Of exchanges. Never log it. */
  readonly token: string;
  readonly correlation: CorrelationIds;
}
