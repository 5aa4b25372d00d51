import { ServiceUnavailableError } from '../fabric/errors';

/**
 * 503: the backend credential cannot be read right now (Key Vault or managed identity unreachable, secret missing,
 * access denied, certificate unusable). The message names no vault or secret; the log line does.
 */
export class BackendCredentialUnavailableError extends ServiceUnavailableError {
  override readonly name = 'BackendCredentialUnavailableError';
  constructor(retryAfterSeconds: number, { cause }: { readonly cause?: unknown } = {}) {
    super("The endpoint's credential cannot be read right now; retry later", { errorCode: 'BackendCredentialUnavailable', retryAfterSeconds, cause });
  }
}

/**
 * Why a Key Vault read failed, without the secret's value: not found (deleted, unknown name or version), disabled
 * (the version's `enabled` attribute is false: Key Vault answers 403 with inner error SecretDisabled), access
 * refused, or unreachable / failing.
 */
export type KeyVaultFailure = 'not-found' | 'disabled' | 'forbidden' | 'unavailable';

export class KeyVaultReadError extends Error {
  override readonly name = 'KeyVaultReadError';
  constructor(
    readonly vaultUri: string,
    readonly secretName: string,
    readonly failure: KeyVaultFailure,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Key Vault ${vaultUri} secret '${secretName}': ${failure} (${detail})`, options);
  }
}

/** A Key Vault certificate's secret is not a usable PEM (wrong content type, no key, key and certificate do not match). */
export class CertificateInvalidError extends Error {
  override readonly name = 'CertificateInvalidError';
}
