/**
 * Tokens the backend acquires from Entra ID: On-Behalf-Of the user (OneLake, Fabric), app-only (S2S), the composite
 * header for Fabric workload-control APIs, and long-running grants for jobs. See docs/tokens.md.
 *
 * Nothing heavy loads at import: MSAL and the Azure SDKs load in createTokenClient() (src/app.ts builds it on first use).
 */
export type { AccessToken, LongRunningJob, OnBehalfOfRequest, TokenClient } from './types';
export { SCOPES } from './scopes';
export { createTokenClient } from './token-client';
export type { TokenClientOptions } from './token-client';
export * from './errors';
export { adminConsentUrl } from './consent';
export { classifyEntraFailure, aadstsCode } from './entra-failure';
export type { EntraFailure } from './entra-failure';
export { failureAnswer } from './failure-answer';
export type { GrantKeyRing } from './grant-keys';
export { staticGrantKeys, ephemeralGrantKeys, keyVaultGrantKeys, grantKeysFromConfig } from './grant-keys';
