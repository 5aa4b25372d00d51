import { adminConsentUrl } from '../../../src/tokens/consent';
import { federatedAssertionAudience } from '../../../src/credentials/sources';
import { authorityFor, knownAuthoritiesFor, requireScopes, requireTenantId } from '../../../src/tokens/authority';
import { FabricError } from '../../../src/fabric/errors';

it('knownAuthorities: none for Microsoft hosts (MSAL has their metadata), the configured host otherwise', () => {
  expect(knownAuthoritiesFor('https://login.microsoftonline.com')).toEqual([]);
  expect(knownAuthoritiesFor('https://login.microsoftonline.us')).toEqual([]);
  expect(knownAuthoritiesFor('https://login.chinacloudapi.cn')).toEqual([]);
  expect(knownAuthoritiesFor('https://localhost:8443')).toEqual(['localhost:8443']);
  expect(knownAuthoritiesFor('https://Login.Contoso.example')).toEqual(['login.contoso.example']);
});

it('authorityFor: host + tenant GUID only', () => {
  expect(authorityFor('https://login.microsoftonline.com/', '22222222-2222-4222-8222-222222222222')).toBe('https://login.microsoftonline.com/22222222-2222-4222-8222-222222222222');
  for (const bad of ['common', 'organizations', 'contoso.com', '../x', '22222222-2222-4222-8222-22222222222/']) {
    expect(() => authorityFor('https://login.microsoftonline.com', bad)).toThrow(FabricError);
  }
  expect(requireTenantId('AAAAAAAA-2222-4222-8222-222222222222')).toBe('aaaaaaaa-2222-4222-8222-222222222222');
});

it('federated assertion audience per cloud', () => {
  expect(federatedAssertionAudience('https://login.microsoftonline.com')).toBe('api://AzureADTokenExchange');
  expect(federatedAssertionAudience('https://localhost:1234')).toBe('api://AzureADTokenExchange');
  expect(federatedAssertionAudience('https://login.microsoftonline.us')).toBe('api://AzureADTokenExchangeUSGov');
  expect(federatedAssertionAudience('https://login.chinacloudapi.cn')).toBe('api://AzureADTokenExchangeChina');
});

it('requireScopes: a non-empty list of space-free strings', () => {
  expect(requireScopes(['a/.default'])).toEqual(['a/.default']);
  for (const bad of [[], [''], ['a b'], [1 as unknown as string]]) expect(() => requireScopes(bad)).toThrow(FabricError);
});

it('adminConsentUrl: the tenant path is encoded, scopes space-joined', () => {
  const u = new URL(adminConsentUrl('https://login.microsoftonline.com', '22222222-2222-4222-8222-222222222222', 'app', ['s1/.default', 's2/x']));
  expect(u.pathname).toBe('/22222222-2222-4222-8222-222222222222/v2.0/adminconsent');
  expect(u.searchParams.get('client_id')).toBe('app');
  expect(u.searchParams.get('scope')).toBe('s1/.default s2/x');
});
