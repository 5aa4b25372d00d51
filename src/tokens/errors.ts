/**
 * Token-acquisition failures as answers the frontend (or Fabric) can act on. Each is a FabricError; the HTTP
 * wrapper turns it into Fabric's error body. Messages never carry tokens, secrets or Entra's full descriptions
 * (those hold trace ids only, but stay in the log); the AADSTS number is kept because it is what support asks for.
 */
import { FabricError, ServiceUnavailableError } from '../fabric/errors';

/** Parameter names the Fabric frontend SDK understands (see docs/tokens.md). */
export const ADDITIONAL_SCOPES_TO_CONSENT = 'additionalScopesToConsent';
export const CLAIMS_FOR_CONDITIONAL_ACCESS_POLICY = 'claimsForConditionalAccessPolicy';

/**
 * 403 ConsentRequired: the user (or an administrator of the user's tenant) has not consented to the scopes the
 * backend needs on the user's behalf. `moreDetails[0].additionalParameters` carries `additionalScopesToConsent`
 * (comma-space joined, as the Fabric frontend sample reads it), `consentUrl` (admin-consent form for that tenant)
 * and `tenantId`.
 */
export class ConsentRequiredError extends FabricError {
  override readonly name = 'ConsentRequiredError';
  constructor(
    readonly tenantId: string,
    readonly scopes: readonly string[],
    readonly consentUrl: string,
    readonly aadstsCode: number,
  ) {
    super(`Consent is required in tenant ${tenantId} for: ${scopes.join(', ')}. Consent in the workload, or ask an administrator to grant it at consentUrl.`, {
      status: 403,
      errorCode: 'ConsentRequired',
      source: 'User',
      isPermanent: false,
      moreDetails: [
        {
          errorCode: `AADSTS${aadstsCode}`,
          message: 'Consent required',
          additionalParameters: [
            { name: ADDITIONAL_SCOPES_TO_CONSENT, value: scopes.join(', ') },
            { name: 'consentUrl', value: consentUrl },
            { name: 'tenantId', value: tenantId },
          ],
        },
      ],
    });
  }
}

/**
 * 401 AuthUIRequired: Entra wants the user to interact (conditional access: MFA, compliant device, …). When Entra sent
 * a claims challenge it is passed through unchanged as `claimsForConditionalAccessPolicy`; the frontend calls
 * `acquireAccessToken({ claimsForConditionalAccessPolicy })` and retries. Also sent as a standard
 * `WWW-Authenticate: Bearer error="insufficient_claims", claims="<base64>"` challenge.
 */
export class AuthUIRequiredError extends FabricError {
  override readonly name = 'AuthUIRequiredError';
  constructor(
    readonly claims: string | undefined,
    aadstsCode: number | undefined,
  ) {
    super(claims ? 'Entra ID requires the user to satisfy a conditional access policy; acquire a new token with the claims given and retry' : 'Entra ID requires the user to sign in again', {
      status: 401,
      errorCode: 'AuthUIRequired',
      source: 'System',
      isPermanent: false,
      moreDetails: [
        {
          errorCode: aadstsCode !== undefined ? `AADSTS${aadstsCode}` : 'InteractionRequired',
          message: 'Interaction required',
          ...(claims ? { additionalParameters: [{ name: CLAIMS_FOR_CONDITIONAL_ACCESS_POLICY, value: claims }] } : {}),
        },
      ],
      headers: claims
        ? { 'WWW-Authenticate': `Bearer error="insufficient_claims", claims="${Buffer.from(claims, 'utf8').toString('base64')}"` }
        : { 'WWW-Authenticate': 'Bearer error="interaction_required"' },
    });
  }
}

/** 401: Entra rejected the caller's token as an On-Behalf-Of assertion (AADSTS50013, expired 500133, malformed 50027). */
export class SubjectTokenRejectedError extends FabricError {
  override readonly name = 'SubjectTokenRejectedError';
  constructor(aadstsCode: number) {
    super(`Entra ID rejected the user token for the On-Behalf-Of exchange (AADSTS${aadstsCode}); acquire a new token and retry`, {
      status: 401,
      errorCode: 'SubjectTokenRejected',
      source: 'External',
      isPermanent: false,
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  }
}

/** 400: the workload's Entra app is not present in the user's tenant (AADSTS700016); an administrator must consent. */
export class WorkloadAppNotInTenantError extends FabricError {
  override readonly name = 'WorkloadAppNotInTenantError';
  constructor(
    readonly tenantId: string,
    readonly consentUrl: string,
  ) {
    super(`The workload's Entra app is not provisioned in tenant ${tenantId}; an administrator must grant consent at consentUrl`, {
      status: 400,
      errorCode: 'WorkloadAppNotInTenant',
      source: 'User',
      isPermanent: true,
      moreDetails: [{ errorCode: 'AADSTS700016', message: 'Application not found in the tenant', additionalParameters: [{ name: 'consentUrl', value: consentUrl }, { name: 'tenantId', value: tenantId }] }],
    });
  }
}

/** 503: Entra ID could not be reached or kept failing (network, 5xx, 429) within the retry budget. */
export class EntraUnavailableError extends ServiceUnavailableError {
  override readonly name = 'EntraUnavailableError';
  constructor(retryAfterSeconds: number, { cause }: { readonly cause?: unknown } = {}) {
    super('Entra ID is unavailable; retry later', { errorCode: 'EntraUnavailable', retryAfterSeconds, cause });
  }
}

/** 503: Entra rejected the backend's own credential (invalid_client) even after re-reading it once. Operator action needed. */
export class BackendCredentialRejectedError extends ServiceUnavailableError {
  override readonly name = 'BackendCredentialRejectedError';
  constructor({ cause }: { readonly cause?: unknown } = {}) {
    super("Entra ID rejected the endpoint's credential; the operator must fix or rotate it", { errorCode: 'BackendCredentialRejected', retryAfterSeconds: 60, cause });
  }
}

/**
 * 401 LongRunningGrantInvalid: a stored long-running grant cannot yield tokens any more (tampered, expired, sealed
 * with an unknown key, for another tenant, or its refresh token was revoked). The operation must be started again
 * by the user.
 */
export class LongRunningGrantInvalidError extends FabricError {
  override readonly name = 'LongRunningGrantInvalidError';
  constructor(readonly reason: string, { cause }: { readonly cause?: unknown } = {}) {
    super(`The stored authorization of this long-running operation is no longer valid (${reason}); start the operation again`, {
      status: 401,
      errorCode: 'LongRunningGrantInvalid',
      source: 'User',
      isPermanent: true,
      cause,
    });
  }
}

/** 503: the key that seals long-running grants is not configured or cannot be read. */
export class LongRunningGrantKeyUnavailableError extends ServiceUnavailableError {
  override readonly name = 'LongRunningGrantKeyUnavailableError';
  constructor(message: string, { cause }: { readonly cause?: unknown } = {}) {
    super(message, { errorCode: 'LongRunningGrantKeyUnavailable', retryAfterSeconds: 30, cause });
  }
}

/** 500: Entra refused for a reason that is a bug or a setup problem (invalid_scope, unauthorized_client, …). Logged. */
export class TokenAcquisitionFailedError extends FabricError {
  override readonly name = 'TokenAcquisitionFailedError';
  constructor(detail: string, { cause }: { readonly cause?: unknown } = {}) {
    super(`Token acquisition failed (${detail})`, { status: 500, errorCode: 'TokenAcquisitionFailed', source: 'System', isPermanent: false, cause });
  }
}

/**
 * Why no grant key can be had when the store itself answered fine (the cause of LongRunningGrantKeyUnavailableError):
 * none is configured, or the stored value is not a key. Readiness reports these apart from outages.
 */
export class GrantKeyConfigurationError extends Error {
  override readonly name = 'GrantKeyConfigurationError';
  constructor(
    readonly problem: 'notConfigured' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}
