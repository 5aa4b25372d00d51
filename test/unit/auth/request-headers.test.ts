import { parseBearerHeader } from '../../../src/auth/inbound/bearer';
import { TenantHeaderInvalid } from '../../../src/auth/inbound/errors';
import { AuthorizationHeaderInvalid } from '../../../src/auth/inbound/errors';
import { readTenantHeader } from '../../../src/auth/inbound/tenant-header';

const T1 = 'abcdef11-1111-4111-8111-11111111aaaa';
const T2 = '22222222-2222-4222-8222-222222222222';
const headers = (h: Record<string, string>) => new Headers(h);

describe('tenant header', () => {
  it.each([
    [{ 'x-ms-client-tenant-id': T1 }, T1],
    [{ 'ms-client-tenant-id': T1 }, T1],
    [{ 'x-ms-client-tenant-id': T1.toUpperCase() }, T1],
    [{ 'x-ms-client-tenant-id': T1, 'ms-client-tenant-id': T1.toUpperCase() }, T1],
  ])('accepts %j', (h, tenant) => {
    expect(readTenantHeader(headers(h))).toBe(tenant);
  });

  it.each([
    ['missing', {}],
    ['empty', { 'x-ms-client-tenant-id': ' ' }],
    ['not a GUID', { 'x-ms-client-tenant-id': 'contoso.onmicrosoft.com' }],
    ['GUID in braces', { 'x-ms-client-tenant-id': `{${T1}}` }],
    ['both sent and different', { 'x-ms-client-tenant-id': T1, 'ms-client-tenant-id': T2 }],
  ])('rejects %s', (_name, h) => {
    expect(() => readTenantHeader(headers(h))).toThrow(TenantHeaderInvalid);
  });

  it('rejects a repeated header', () => {
    const h = new Headers();
    h.append('x-ms-client-tenant-id', T1);
    h.append('x-ms-client-tenant-id', T2);
    expect(() => readTenantHeader(h)).toThrow(TenantHeaderInvalid);
  });
});

describe('Bearer header', () => {
  it('returns the token; the scheme is case-insensitive', () => {
    expect(parseBearerHeader('Bearer a.b.c')).toBe('a.b.c');
    expect(parseBearerHeader('bearer a.b.c')).toBe('a.b.c');
  });

  it.each([undefined, null, '', 'Bearer', 'Bearer ', 'Bearer  a.b.c', 'Bearer a.b.c ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c, Bearer d.e.f', 'Bearer a/b+c=', `Bearer ${'a'.repeat(17000)}`])('rejects %p', (h) => {
    expect(() => parseBearerHeader(h)).toThrow(AuthorizationHeaderInvalid);
  });
});
