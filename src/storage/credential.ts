/**
 * The token credential for identity-based storage connections. @azure/identity loads on first use only.
 * A user-assigned identity (AzureWebJobsStorage__clientId, else AZURE_CLIENT_ID) → ManagedIdentityCredential;
 * no client id → DefaultAzureCredential (system-assigned identity in Azure, developer sign-in on a laptop).
 */
import type { TokenCredential } from '@azure/identity';
import { loadIdentity } from './sdk';

export type StorageCredentialPlan = { readonly kind: 'managedIdentity'; readonly clientId: string } | { readonly kind: 'default' };

/** Pure: which credential to use. */
export function storageCredentialPlan(storageClientId: string | undefined, azureClientId: string | undefined): StorageCredentialPlan {
  const clientId = storageClientId ?? azureClientId;
  return clientId ? { kind: 'managedIdentity', clientId } : { kind: 'default' };
}

export function createStorageCredential(plan: StorageCredentialPlan): TokenCredential {
  const identity = loadIdentity();
  return plan.kind === 'managedIdentity' ? new identity.ManagedIdentityCredential({ clientId: plan.clientId }) : new identity.DefaultAzureCredential();
}
