/**
 * Turns a classified Entra failure into the FabricError answered to the caller. Pure.
 * The same failure means different things per flow: a consent problem is the user's to fix in an OBO call, but a
 * job holding a long-running grant cannot show UI, so there it ends the operation.
 */
import type { FabricError } from '../fabric/errors';
import { adminConsentUrl } from './consent';
import type { EntraFailure } from './entra-failure';
import {
  AuthUIRequiredError,
  BackendCredentialRejectedError,
  ConsentRequiredError,
  EntraUnavailableError,
  LongRunningGrantInvalidError,
  SubjectTokenRejectedError,
  TokenAcquisitionFailedError,
  WorkloadAppNotInTenantError,
} from './errors';

export type TokenFlow = 'onBehalfOf' | 'appOnly' | 'longRunning';

export interface FailureContext {
  readonly flow: TokenFlow;
  readonly authorityHost: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
}

/** Retry-After for a transient failure when Entra named none. */
export const DEFAULT_ENTRA_RETRY_AFTER_SECONDS = 5;

const codeText = (f: { readonly code?: number }, fallback: string): string => (f.code !== undefined ? `AADSTS${f.code}` : fallback);

export function failureAnswer(f: EntraFailure, ctx: FailureContext, { cause }: { readonly cause?: unknown } = {}): FabricError {
  if (f.kind === 'transient') return new EntraUnavailableError(f.retryAfterMs !== undefined ? Math.max(1, Math.ceil(f.retryAfterMs / 1000)) : DEFAULT_ENTRA_RETRY_AFTER_SECONDS, { cause });
  if (f.kind === 'invalid-client') return new BackendCredentialRejectedError({ cause });
  // A setup or network-path problem, not the user's nor the grant's: the same answer in every flow.
  if (f.kind === 'redirect') return new TokenAcquisitionFailedError('Entra ID answered with a redirect, which is never followed', { cause });

  if (ctx.flow === 'appOnly') return new TokenAcquisitionFailedError(codeText(f, f.kind === 'other' ? f.errorCode : f.kind), { cause });

  if (ctx.flow === 'longRunning') {
    const reason = f.kind === 'consent' ? `consent required, ${codeText(f, '')}` : f.kind === 'claims' || f.kind === 'interaction' ? `user interaction required, ${codeText(f, 'interaction_required')}` : `Entra ID refused the refresh, ${codeText(f, f.kind === 'other' ? f.errorCode : f.kind)}`;
    return new LongRunningGrantInvalidError(reason, { cause });
  }

  switch (f.kind) {
    case 'consent':
      return new ConsentRequiredError(ctx.tenantId, ctx.scopes, adminConsentUrl(ctx.authorityHost, ctx.tenantId, ctx.clientId, ctx.scopes), f.code);
    case 'claims':
      return new AuthUIRequiredError(f.claims, f.code);
    case 'interaction':
      return new AuthUIRequiredError(undefined, f.code);
    case 'invalid-grant':
      return new AuthUIRequiredError(undefined, f.code);
    case 'bad-assertion':
      return new SubjectTokenRejectedError(f.code);
    case 'app-not-in-tenant':
      return new WorkloadAppNotInTenantError(ctx.tenantId, adminConsentUrl(ctx.authorityHost, ctx.tenantId, ctx.clientId, ctx.scopes));
    case 'other':
      return new TokenAcquisitionFailedError(codeText(f, f.errorCode), { cause });
  }
}
