import { loadConfig, ConfigError, type Env } from '../../../src/config';
import type { SecretReader } from '../../../src/credentials/key-vault';
import { createLogger } from '../../../src/observability/logger';
import { LongRunningGrantKeyUnavailableError } from '../../../src/tokens/errors';
import { GRANT_KEY_RECHECK_MS, grantKeysFromConfig } from '../../../src/tokens/grant-keys';
import { keyIdOf } from '../../../src/tokens/long-running-grant';

const base: Env = {
  TENANT_ID: '11111111-1111-4111-8111-111111111111',
  BACKEND_APPID: '33333333-3333-4333-8333-333333333333',
  BACKEND_AUDIENCE: 'api://x',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  BACKEND_CLIENT_SECRET: 'local',
};
const lines: string[] = [];
const log = createLogger({ log: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) });
const reader: SecretReader = { vaultUri: 'https://kv.vault.azure.net', read: async () => ({ value: Buffer.alloc(32, 5).toString('base64'), version: 'v1' }) };

describe('LONG_RUNNING_GRANT_* settings', () => {
  it('accepts base64 / base64url keys of 32 bytes and defaults the rest', () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64url');
    const c = loadConfig({ ...base, LONG_RUNNING_GRANT_KEYS: `${k1}, ${k2}` });
    expect(c.longRunning).toEqual({ keys: [k1, k2], keyName: 'long-running-grant-key', maxHours: 24 });
  });

  it('rejects a key that is not 32 bytes without printing it', () => {
    const bad = Buffer.alloc(16, 9).toString('base64');
    let err: unknown;
    try {
      loadConfig({ ...base, LONG_RUNNING_GRANT_KEYS: bad, LONG_RUNNING_GRANT_MAX_HOURS: '0', LONG_RUNNING_GRANT_KEY_NAME: 'bad name' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'LONG_RUNNING_GRANT_KEYS entries must each be base64 of 32 random bytes (e.g. openssl rand -base64 32)',
        'LONG_RUNNING_GRANT_KEY_NAME must be a Key Vault secret name (letters, digits, dashes)',
        'LONG_RUNNING_GRANT_MAX_HOURS must be a whole number from 1 to 2160',
      ]),
    );
    expect((err as ConfigError).message).not.toContain(bad);
  });
});

describe('grantKeysFromConfig picks the key source', () => {
  it('configured keys first: the first seals, all unseal', async () => {
    const k1 = Buffer.alloc(32, 1);
    const k2 = Buffer.alloc(32, 2);
    const ring = grantKeysFromConfig(loadConfig({ ...base, LONG_RUNNING_GRANT_KEYS: `${k1.toString('base64')},${k2.toString('base64')}`, KEY_VAULT_URI: 'https://kv.vault.azure.net' }), { log, secrets: reader });
    expect((await ring.current()).id).toBe(keyIdOf(k1));
    expect((await ring.byId(keyIdOf(k2)))?.key).toEqual(k2);
    expect(await ring.byId('nope')).toBeUndefined();
  });

  it('then the Key Vault secret (its version is the key id)', async () => {
    const ring = grantKeysFromConfig(loadConfig({ ...base, KEY_VAULT_URI: 'https://kv.vault.azure.net' }), { log, secrets: reader });
    expect(ring.description).toBe("Key Vault https://kv.vault.azure.net secret 'long-running-grant-key'");
    expect((await ring.current()).id).toBe('v1');
  });

  it('a new Key Vault version seals within GRANT_KEY_RECHECK_MS (a few minutes), whatever SECRET_REFRESH_MINUTES says', async () => {
    expect(GRANT_KEY_RECHECK_MS).toBe(5 * 60_000);
    let latest = 'v1';
    const rotating: SecretReader = { vaultUri: 'https://kv.vault.azure.net', read: async (_name, o) => ({ value: Buffer.alloc(32, 5).toString('base64'), version: o?.version ?? latest }) };
    const clock = { t: 0 };
    const ring = grantKeysFromConfig(loadConfig({ ...base, KEY_VAULT_URI: 'https://kv.vault.azure.net', SECRET_REFRESH_MINUTES: '60' }), { log, secrets: rotating, clock: { now: () => clock.t } });
    expect((await ring.current()).id).toBe('v1');
    latest = 'v2';
    clock.t += GRANT_KEY_RECHECK_MS - 1;
    expect((await ring.current()).id).toBe('v1');
    clock.t += 1;
    expect((await ring.current()).id).toBe('v2');
  });

  it('then, in Development only, a random per-process key', async () => {
    const ring = grantKeysFromConfig(loadConfig({ ...base, AZURE_FUNCTIONS_ENVIRONMENT: 'Development' }), { log });
    expect((await ring.current()).key).toHaveLength(32);
  });

  it('else none: 503 LongRunningGrantKeyUnavailable and one log line saying what to set', async () => {
    lines.length = 0;
    const ring = grantKeysFromConfig(loadConfig(base), { log });
    await expect(ring.current()).rejects.toBeInstanceOf(LongRunningGrantKeyUnavailableError);
    await expect(ring.byId('x')).rejects.toBeInstanceOf(LongRunningGrantKeyUnavailableError);
    expect(lines).toEqual(['Long-running grants need a key shared by all instances: set KEY_VAULT_URI (secret LONG_RUNNING_GRANT_KEY_NAME) or LONG_RUNNING_GRANT_KEYS']);
  });
});
