/**
 * The app's managed identity (@azure/identity ManagedIdentityCredential, loaded on first use), shared by every
 * Key Vault read and by the federated client assertion. AZURE_CLIENT_ID selects a user-assigned identity; without it
 * the system-assigned identity is used.
 *
 * Which endpoint it talks to is decided by @azure/identity from the environment, exactly as in Azure: on App Service /
 * Functions the platform sets IDENTITY_ENDPOINT and IDENTITY_HEADER (an http://localhost endpoint answering the
 * 2019-08-01 protocol). Locally, devtools/local-entra/managed-identity.ts serves that same protocol and the same two
 * variables point at it, so this code runs unmodified.
 */
import type { TokenCredential } from '@azure/identity';
import { lazy } from '../shared/lazy';

/** The identity, created on first use and then shared by every caller of the returned getter. */
export function createManagedIdentity(clientId: string | undefined): () => Promise<TokenCredential> {
  return lazy(async () => {
    const { ManagedIdentityCredential } = await import('@azure/identity');
    // A few quick retries only: requests wait on this (the SDK default backs off for tens of seconds).
    const retryOptions = { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 };
    return clientId ? new ManagedIdentityCredential({ clientId, retryOptions }) : new ManagedIdentityCredential({ retryOptions });
  });
}
