import { isKeyVaultHost, keyVaultClientOptions } from '../../../src/credentials/key-vault-options';

it('keeps challenge resource verification on for every Key Vault / Managed HSM host', () => {
  for (const uri of ['https://kv1.vault.azure.net/', 'https://kv1.vault.azure.cn', 'https://kv1.vault.usgovcloudapi.net', 'https://hsm1.managedhsm.azure.net']) {
    expect(isKeyVaultHost(uri)).toBe(true);
    expect(keyVaultClientOptions(uri)).toMatchObject({ disableChallengeResourceVerification: false, allowInsecureConnection: false });
  }
});

it('turns it off only for a host that is not a Key Vault domain (a stand-in the operator configured)', () => {
  expect(keyVaultClientOptions('https://localhost:8443')).toMatchObject({ disableChallengeResourceVerification: true, allowInsecureConnection: false });
  expect(keyVaultClientOptions('http://localhost:8080')).toMatchObject({ disableChallengeResourceVerification: true, allowInsecureConnection: true });
  // Look-alikes are not vault hosts.
  expect(isKeyVaultHost('https://vault.azure.net')).toBe(false);
  expect(isKeyVaultHost('https://kv.vault.azure.net.evil.example')).toBe(false);
});

it('retries a few times, quickly', () => {
  expect(keyVaultClientOptions('https://kv1.vault.azure.net').retryOptions).toEqual({ maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 });
});
