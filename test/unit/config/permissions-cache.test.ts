/** FABRIC_PERMISSIONS_CACHE_SECONDS: how long ResolvePermissions answers are reused (the sandbox sets 0). */
import { ConfigError, loadConfig } from '../../../src/config';

const TENANT = '11111111-1111-4111-8111-111111111111';
const base = {
  TENANT_ID: TENANT,
  BACKEND_APPID: '22222222-2222-4222-8222-222222222222',
  BACKEND_AUDIENCE: `api://localdevinstance/${TENANT}/Org.Test`,
  BACKEND_CLIENT_SECRET: 'local-secret-value',
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
};

describe('FABRIC_PERMISSIONS_CACHE_SECONDS', () => {
  it('defaults to 60 s and accepts 0 (no cache) up to 300 (a revoked permission must not be honoured long)', () => {
    expect(loadConfig(base).permissionsCacheSeconds).toBe(60);
    expect(loadConfig({ ...base, FABRIC_PERMISSIONS_CACHE_SECONDS: '0' }).permissionsCacheSeconds).toBe(0);
    expect(loadConfig({ ...base, FABRIC_PERMISSIONS_CACHE_SECONDS: '300' }).permissionsCacheSeconds).toBe(300);
  });

  it.each(['-1', '301', '1.5', 'soon'])('refuses %s with a message naming the range', (value) => {
    expect(() => loadConfig({ ...base, FABRIC_PERMISSIONS_CACHE_SECONDS: value })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, FABRIC_PERMISSIONS_CACHE_SECONDS: value });
    } catch (e) {
      expect((e as ConfigError).problems).toEqual(['FABRIC_PERMISSIONS_CACHE_SECONDS must be a whole number from 0 to 300']);
    }
  });
});
