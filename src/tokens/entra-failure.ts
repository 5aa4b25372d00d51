/**
 * Classifies what MSAL threw after talking to Entra ID into the few cases the endpoint acts on differently.
 * Pure: reads only the error's fields (MSAL's AuthError/ServerError/InteractionRequiredAuthError shape, or ours
 * from the network client), never its stack. AADSTS numbers come from `errorNo`, else from the message text.
 */
import { REDIRECT_NOT_FOLLOWED } from './network-client';

export type EntraFailure =
  /** AADSTS65001 (no consent), 65004 (consent declined), 65005 (app needs a resource not consented/provisioned). */
  | { readonly kind: 'consent'; readonly code: number }
  /** Conditional access wants more (MFA, device, …): `claims` is the challenge to hand to the frontend. */
  | { readonly kind: 'claims'; readonly code?: number; readonly claims: string }
  /** The user must sign in again or interact, without a claims challenge. */
  | { readonly kind: 'interaction'; readonly code?: number }
  /** AADSTS50013 and friends: Entra rejected the subject token used as assertion. */
  | { readonly kind: 'bad-assertion'; readonly code: number }
  /** AADSTS700016: the workload app has no service principal in that tenant. */
  | { readonly kind: 'app-not-in-tenant'; readonly code: number }
  /** invalid_client: the backend's own credential was rejected (expired, rotated, wrong). */
  | { readonly kind: 'invalid-client'; readonly code?: number }
  /** invalid_grant that is none of the above (e.g. a refresh token revoked or expired). */
  | { readonly kind: 'invalid-grant'; readonly code?: number }
  /** Entra (or whatever answers at the authority host) sent a redirect, which the network client never follows. */
  | { readonly kind: 'redirect' }
  /** Network failure, 5xx, 429, temporarily_unavailable: try again later. */
  | { readonly kind: 'transient'; readonly code?: number; readonly retryAfterMs?: number }
  /** Anything else (invalid_scope, unauthorized_client, configuration errors): a bug or a setup problem. */
  | { readonly kind: 'other'; readonly code?: number; readonly errorCode: string };

const CONSENT = new Set([65001, 65004, 65005]);
/** Subject-token problems: invalid assertion (50013), expired (500133), malformed JWT (50027). */
const BAD_ASSERTION = new Set([50013, 500133, 50027]);
const APP_NOT_IN_TENANT = new Set([700016]);
/** Client authentication failures (bad/expired secret, bad certificate or federated assertion). */
const INVALID_CLIENT = new Set([7000215, 7000222, 700027, 700024, 70021, 700211, 700212, 700213, 7000112, 70002]);
/**
 * endpoints_resolution_error: MSAL could not fetch the authority's metadata (it hides the network error). Microsoft
 * hosts use built-in metadata, so this only happens when a configured host's discovery document is unreachable.
 */
const TRANSIENT_ERRORS = new Set(['network_error', 'temporarily_unavailable', 'server_error', 'service_unavailable', 'request_timeout', 'endpoints_resolution_error']);
const INTERACTION_ERRORS = new Set(['interaction_required', 'consent_required', 'login_required', 'bad_token', 'ui_not_allowed', 'interrupted_user']);
const INTERACTION_SUBERRORS = new Set(['message_only', 'additional_action', 'basic_action', 'user_password_expired', 'consent_required', 'bad_token', 'ui_not_allowed', 'interrupted_user']);

interface MsalLikeError {
  readonly name?: unknown;
  readonly errorCode?: unknown;
  readonly subError?: unknown;
  readonly errorNo?: unknown;
  readonly errorMessage?: unknown;
  readonly message?: unknown;
  readonly claims?: unknown;
  readonly status?: unknown;
  readonly retryAfterMs?: unknown;
}

/** First AADSTS number in the error: errorNo when MSAL parsed it, else "AADSTS12345" or "Error(s): 12345" in the text. */
export function aadstsCode(err: unknown): number | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as MsalLikeError;
  const no = typeof e.errorNo === 'number' ? e.errorNo : typeof e.errorNo === 'string' && /^\d+$/.test(e.errorNo) ? Number(e.errorNo) : undefined;
  if (no !== undefined) return no;
  const text = `${typeof e.errorMessage === 'string' ? e.errorMessage : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  const m = /AADSTS(\d{4,9})/.exec(text) ?? /Error\(s\): (\d{4,9})/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function classifyEntraFailure(err: unknown): EntraFailure {
  if (err === null || typeof err !== 'object') return { kind: 'other', errorCode: 'unknown' };
  const e = err as MsalLikeError;
  const errorCode = typeof e.errorCode === 'string' ? e.errorCode : '';
  const subError = typeof e.subError === 'string' ? e.subError : '';
  const claims = typeof e.claims === 'string' ? e.claims.trim() : '';
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = aadstsCode(err);

  if (errorCode === REDIRECT_NOT_FOLLOWED) return { kind: 'redirect' };
  if (code !== undefined && CONSENT.has(code)) return { kind: 'consent', code };
  if (subError === 'consent_required' || errorCode === 'consent_required') return { kind: 'consent', code: code ?? 65001 };
  if (claims !== '') return { kind: 'claims', code, claims };
  if (code !== undefined && APP_NOT_IN_TENANT.has(code)) return { kind: 'app-not-in-tenant', code };
  if (errorCode === 'invalid_client' || (code !== undefined && INVALID_CLIENT.has(code))) return { kind: 'invalid-client', code };
  if (code !== undefined && BAD_ASSERTION.has(code)) return { kind: 'bad-assertion', code };
  if (TRANSIENT_ERRORS.has(errorCode) || (status !== undefined && (status === 429 || status >= 500))) {
    const retryAfterMs = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
    return { kind: 'transient', code, retryAfterMs };
  }
  if (e.name === 'InteractionRequiredAuthError' || INTERACTION_ERRORS.has(errorCode) || INTERACTION_SUBERRORS.has(subError)) return { kind: 'interaction', code };
  if (errorCode === 'invalid_grant') return { kind: 'invalid-grant', code };
  return { kind: 'other', code, errorCode: errorCode || (typeof e.name === 'string' ? e.name : 'unknown') };
}
