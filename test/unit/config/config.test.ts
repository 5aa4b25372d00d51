import { loadConfig, ConfigError, SETTINGS } from '../../../src/config';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APP = '22222222-2222-4222-8222-222222222222';
const base = {
  TENANT_ID: TENANT,
  BACKEND_APPID: APP,
  BACKEND_AUDIENCE: `api://localdevinstance/${TENANT}/Org.Test`,
  BACKEND_CLIENT_SECRET: 'local-secret-value',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};

function problems(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
}

describe('loadConfig', () => {
  it('accepts a minimal local configuration and applies defaults', () => {
    const c = loadConfig(base);
    expect(c.tenantId).toBe(TENANT);
    expect(c.authorityHost).toBe('https://login.microsoftonline.com');
    expect(c.fabricAppIds).toEqual(['00000009-0000-0000-c000-000000000000', 'd2450708-699c-41e3-8077-b0c8341509aa']);
    expect(c.credential.type).toBe('EnvironmentSecret');
    expect(c.jobsQueueName).toBe('fabric-jobs');
  });

  it('reports every problem at once, one line per setting', () => {
    const p = problems({ TENANT_ID: 'not-a-guid', ENTRA_AUTHORITY_HOST: 'http://login.example.com' });
    expect(p.some((x) => x.startsWith('TENANT_ID must be a GUID'))).toBe(true);
    expect(p.some((x) => x.startsWith('BACKEND_APPID is required'))).toBe(true);
    expect(p.some((x) => x.startsWith('BACKEND_AUDIENCE is required'))).toBe(true);
    expect(p.some((x) => x.startsWith('ENTRA_AUTHORITY_HOST must use https'))).toBe(true);
    expect(p.some((x) => x.startsWith('No backend credential configured'))).toBe(true);
    expect(p.some((x) => x.startsWith('Storage is not configured'))).toBe(true);
  });

  it('detects unresolved Key Vault references', () => {
    const p = problems({ ...base, BACKEND_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/)' });
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(/^BACKEND_CLIENT_SECRET is an unresolved Key Vault reference/);
  });

  it('never prints secret values in its messages', () => {
    const secret = 'sup3r-s3cret-value-that-must-not-leak';
    const env = { ...base, BACKEND_CLIENT_SECRET: secret, BACKEND_CREDENTIAL_TYPE: 'Bogus', TENANT_ID: 'x' };
    try {
      loadConfig(env);
      throw new Error('expected ConfigError');
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
  });

  it('requires the pieces of the chosen credential', () => {
    expect(problems({ ...base, BACKEND_CLIENT_SECRET: undefined, BACKEND_CREDENTIAL_TYPE: 'ManagedIdentityFic' })).toEqual([
      'AZURE_CLIENT_ID (the user-assigned identity) is required when BACKEND_CREDENTIAL_TYPE is ManagedIdentityFic',
    ]);
    expect(problems({ ...base, BACKEND_CREDENTIAL_TYPE: 'KeyVaultCertificate' })).toHaveLength(2);
  });

  it('has a description for every setting and no duplicate names', () => {
    const names = SETTINGS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of SETTINGS) expect(s.description.length).toBeGreaterThan(10);
  });
});
