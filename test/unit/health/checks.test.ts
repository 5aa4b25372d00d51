/**
 * The per-dependency readiness checks over the app's real credential sources and grant-key rings, with Key Vault
 * answers given by a SecretReader (the Key Vault client itself is exercised in test/integration/health).
 */
import type { TokenCredential } from '@azure/identity';
import { BackendCredentialUnavailableError, CertificateInvalidError, KeyVaultReadError, type KeyVaultFailure } from '../../../src/credentials/errors';
import type { SecretReader } from '../../../src/credentials/key-vault';
import { environmentSecretSource, keyVaultCertificateSource, keyVaultSecretSource, managedIdentityFicSource } from '../../../src/credentials/sources';
import { ServiceUnavailableError } from '../../../src/fabric/errors';
import { checkBackendCredential, checkGrantKey, checkSigningKeys, stateOfFailure } from '../../../src/health/checks';
import { createLogger } from '../../../src/observability/logger';
import { toStorageError } from '../../../src/storage/errors';
import { GrantKeyConfigurationError, LongRunningGrantKeyUnavailableError } from '../../../src/tokens/errors';
import { ephemeralGrantKeys, keyVaultGrantKeys, staticGrantKeys, unavailableGrantKeys } from '../../../src/tokens/grant-keys';

const lines: string[] = [];
const log = createLogger({ log: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) });
const VAULT = 'https://kv.vault.azure.net';
const KEY = Buffer.alloc(32, 7).toString('base64');

/** A vault holding `secrets` (name → value); `failure` makes every read fail that way. */
function vault(secrets: Record<string, string>, failure?: KeyVaultFailure): SecretReader & { reads: number } {
  const reader = {
    vaultUri: VAULT,
    reads: 0,
    async read(name: string) {
      reader.reads++;
      if (failure) throw new KeyVaultReadError(VAULT, name, failure, `simulated ${failure}`);
      if (!(name in secrets)) throw new KeyVaultReadError(VAULT, name, 'not-found', 'SecretNotFound');
      return { value: secrets[name], version: 'v1' };
    },
  };
  return reader;
}

const secretSource = (reader: SecretReader) => keyVaultSecretSource(reader, 'backend-client-secret', { refreshMs: 60_000, log });

describe('stateOfFailure', () => {
  it.each([
    ['not-found', 'missing'],
    ['forbidden', 'denied'],
    ['unavailable', 'unavailable'],
  ] as const)('Key Vault %s is %s, also as the cause of a 503', (failure, state) => {
    const read = new KeyVaultReadError(VAULT, 's', failure, 'x');
    expect(stateOfFailure(read)).toBe(state);
    expect(stateOfFailure(new BackendCredentialUnavailableError(5, { cause: read }))).toBe(state);
    expect(stateOfFailure(new LongRunningGrantKeyUnavailableError('x', { cause: read }))).toBe(state);
  });

  it('a grant key that is not configured is missing; one that is not a key is invalid; so is a bad certificate', () => {
    expect(stateOfFailure(new LongRunningGrantKeyUnavailableError('x', { cause: new GrantKeyConfigurationError('notConfigured', 'x') }))).toBe('missing');
    expect(stateOfFailure(new LongRunningGrantKeyUnavailableError('x', { cause: new GrantKeyConfigurationError('invalid', 'x') }))).toBe('invalid');
    expect(stateOfFailure(new BackendCredentialUnavailableError(60, { cause: new CertificateInvalidError('x') }))).toBe('invalid');
  });

  it('storage refusing the identity is denied; other storage failures and anything unknown are unavailable', () => {
    expect(stateOfFailure(toStorageError({ statusCode: 403 }, 'read'))).toBe('denied');
    expect(stateOfFailure(toStorageError({ statusCode: 503 }, 'read'))).toBe('unavailable');
    expect(stateOfFailure(toStorageError({ code: 'ECONNREFUSED' }, 'read'))).toBe('unavailable');
    expect(stateOfFailure(new ServiceUnavailableError('x'))).toBe('unavailable');
    expect(stateOfFailure(new Error('x'))).toBe('unavailable');
    expect(stateOfFailure('a string')).toBe('unavailable');
    expect(stateOfFailure(undefined)).toBe('unavailable');
  });
});

const ring = (reader: SecretReader) => keyVaultGrantKeys(reader, 'long-running-grant-key', { refreshMs: 60_000, log });

/** The two checks backed by a Key Vault secret behave alike: read once, then answered from the dependency's cache. */
describe.each([
  { check: 'checkBackendCredential', secret: 'backend-client-secret', value: 's3cret', run: (reader: SecretReader) => checkBackendCredential(() => secretSource(reader)), cached: (reader: SecretReader) => { const source = secretSource(reader); return () => checkBackendCredential(() => source); } },
  { check: 'checkGrantKey', secret: 'long-running-grant-key', value: KEY, run: (reader: SecretReader) => checkGrantKey(() => ring(reader)), cached: (reader: SecretReader) => { const keys = ring(reader); return () => checkGrantKey(() => keys); } },
])('$check over Key Vault', ({ secret, value, run, cached }) => {
  it('ok when the secret reads; later checks use the cache (no vault read)', async () => {
    const reader = vault({ [secret]: value });
    const check = cached(reader);
    expect(await check()).toBe('ok');
    expect(await check()).toBe('ok');
    expect(reader.reads).toBe(1);
  });

  it.each([
    [undefined, 'missing'],
    ['forbidden', 'denied'],
    ['unavailable', 'unavailable'],
  ] as const)('a vault failure %s is %s', async (failure, state) => {
    expect(await run(vault({}, failure))).toBe(state);
  });
});

describe('checkBackendCredential', () => {

  it('a certificate secret that is not a usable PEM is invalid', async () => {
    const source = keyVaultCertificateSource(vault({ 'backend-certificate': 'not a pem' }), 'backend-certificate', { refreshMs: 60_000, log });
    expect(await checkBackendCredential(() => source)).toBe('invalid');
  });

  it('the environment secret is ok', async () => {
    expect(await checkBackendCredential(() => environmentSecretSource('local', { isDevelopment: true, log }))).toBe('ok');
  });

  it('managed identity FIC: ok when the identity issues the assertion, unavailable when it cannot', async () => {
    const identity = (fail: boolean): (() => Promise<TokenCredential>) => async () => ({
      getToken: async () => {
        if (fail) throw new Error('IMDS unreachable');
        return { token: 'assertion', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    });
    const fic = (fail: boolean) => managedIdentityFicSource(identity(fail), { audience: 'api://AzureADTokenExchange', log });
    expect(await checkBackendCredential(() => fic(false))).toBe('ok');
    expect(await checkBackendCredential(() => fic(true))).toBe('unavailable');
  });

  it('a source that cannot even be built is unavailable, not a crash', async () => {
    expect(
      await checkBackendCredential(() => {
        throw new Error('KEY_VAULT_URI is not set');
      }),
    ).toBe('unavailable');
  });
});

describe('checkGrantKey', () => {

  it('a stored value that is not 32 bytes of base64 is invalid', async () => {
    expect(await checkGrantKey(() => ring(vault({ 'long-running-grant-key': 'c2hvcnQ=' })))).toBe('invalid');
  });

  it('configured keys and the Development key are ok; no key source at all is missing', async () => {
    expect(await checkGrantKey(() => staticGrantKeys([Buffer.alloc(32, 1)], 'LONG_RUNNING_GRANT_KEYS'))).toBe('ok');
    expect(await checkGrantKey(() => ephemeralGrantKeys())).toBe('ok');
    expect(await checkGrantKey(() => unavailableGrantKeys('set KEY_VAULT_URI or LONG_RUNNING_GRANT_KEYS', log))).toBe('missing');
  });
});

describe('checkSigningKeys', () => {
  it('ok when loaded, unavailable when not (or when loading throws)', async () => {
    expect(await checkSigningKeys(() => ({ prime: async () => true }))).toBe('ok');
    expect(await checkSigningKeys(() => ({ prime: async () => false }))).toBe('unavailable');
    expect(await checkSigningKeys(() => ({ prime: async () => Promise.reject(new Error('x')) }))).toBe('unavailable');
  });
});

it('no check result or log line carries a secret value', () => {
  expect(lines.join('\n')).not.toContain('s3cret');
  expect(lines.join('\n')).not.toContain(KEY);
});
