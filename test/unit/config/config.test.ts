import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, ConfigError, SETTINGS } from '../../../src/config';
import { LOCAL_CONFIGURATION_HINT } from '../../../src/config/config';

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
    // One line for the reference; not a second one saying no backend credential is configured.
    expect(p).toEqual([expect.stringMatching(/^BACKEND_CLIENT_SECRET is an unresolved Key Vault reference/)]);
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

  describe('a first local run', () => {
    const sample = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> }).Values;
    const placeholders = Object.entries(sample).filter(([, v]) => /<[^<>]+>/.test(v));

    function error(env: Record<string, string | undefined>): ConfigError {
      try {
        loadConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
      }
      throw new Error('expected ConfigError');
    }

    it('local.settings.sample.json has placeholders to fill (what the next checks read)', () => {
      expect(placeholders.map(([name]) => name).sort()).toEqual(['BACKEND_APPID', 'BACKEND_AUDIENCE', 'BACKEND_CLIENT_SECRET', 'TENANT_ID']);
    });

    it("says each of the sample's placeholders is one, once, and nothing else", () => {
      const e = error(sample);
      expect(e.problems).toHaveLength(placeholders.length);
      for (const [name] of placeholders) expect(e.problems.filter((p) => p.startsWith(`${name} is still the sample's placeholder`))).toHaveLength(1);
      expect(e.problems.find((p) => p.startsWith('TENANT_ID'))).toContain('"<publisher tenant GUID>"');
    });

    it("never prints a secret setting's value, not even its placeholder", () => {
      const e = error(sample);
      expect(e.message).not.toContain(sample.BACKEND_CLIENT_SECRET);
      expect(e.problems.find((p) => p.startsWith('BACKEND_CLIENT_SECRET'))).toMatch(/^BACKEND_CLIENT_SECRET is still the sample's placeholder: /);
    });

    it('points at npm run dev after the problems, in Development only', () => {
      expect(error(sample).message.endsWith(`\n${LOCAL_CONFIGURATION_HINT}`)).toBe(true);
      expect(LOCAL_CONFIGURATION_HINT).toContain('npm run dev');
      expect(error({ ...sample, AZURE_FUNCTIONS_ENVIRONMENT: 'Production' }).hint).toBeUndefined();
    });

    it('points at npm run dev with no configuration at all', () => {
      const e = error({ AZURE_FUNCTIONS_ENVIRONMENT: 'Development' });
      expect(e.problems.some((p) => p.startsWith('TENANT_ID is required'))).toBe(true);
      expect(e.hint).toBe(LOCAL_CONFIGURATION_HINT);
    });

    it('gives no hint when the app is set up and only a detail is wrong', () => {
      expect(error({ ...base, AZURE_FUNCTIONS_ENVIRONMENT: 'Development', JOBS_QUEUE_NAME: 'Bad_Name' }).hint).toBeUndefined();
    });

    it('accepts the sample once its placeholders are filled', () => {
      const filled = { ...sample, TENANT_ID: TENANT, BACKEND_APPID: APP, BACKEND_AUDIENCE: `api://localdevinstance/${TENANT}/Org.FabricRemoteEndpoint`, BACKEND_CLIENT_SECRET: 'local-secret-value' };
      expect(loadConfig(filled).isDevelopment).toBe(true);
    });
  });
});
