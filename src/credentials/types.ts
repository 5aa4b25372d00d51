/**
 * How the workload's Entra app proves itself to Entra ID (client authentication for OBO and client credentials).
 * Material is held in memory only; it is never logged, and error messages name where it comes from, not what it is.
 */
import type { CredentialType } from '../config';

export type ClientCredentialMaterial =
  /** A client secret (Key Vault secret, or the environment locally). */
  | { readonly kind: 'secret'; readonly secret: string }
  /** A certificate: MSAL signs a client assertion with the private key (x5t#S256 header). */
  | { readonly kind: 'certificate'; readonly thumbprintSha256: string; readonly privateKey: string; readonly x5c: string }
  /** A federated client assertion fetched per token request (managed identity token for api://AzureADTokenExchange). */
  | { readonly kind: 'assertion'; readonly getAssertion: () => Promise<string> };

export interface CredentialSnapshot {
  /** Increases each time the credential read from its source differs from the previous one (rotation). */
  readonly generation: number;
  readonly material: ClientCredentialMaterial;
}

export interface CredentialSource {
  readonly type: CredentialType;
  /** Where the credential comes from, for logs: e.g. `Key Vault https://x.vault.azure.net secret 'backend-client-secret'`. Never the value. */
  readonly description: string;
  /** The current credential, read lazily and cached; re-read after the refresh interval. Throws BackendCredentialUnavailableError (503). */
  current(): Promise<CredentialSnapshot>;
  /**
   * Entra answered invalid_client to `rejectedGeneration`: re-read the credential (at most once per short interval,
   * shared by concurrent callers). True when a newer credential is now current and worth one more try.
   */
  renew(rejectedGeneration: number): Promise<boolean>;
}
