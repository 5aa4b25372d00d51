import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { decodeGrantKey, grantKeyId, keyIdOf, sealGrant, unsealGrant, type GrantContents } from '../../../src/tokens/long-running-grant';
import { LongRunningGrantInvalidError } from '../../../src/tokens/errors';

const key = { id: 'k1', key: Buffer.alloc(32, 1) };
const binding = {
  clientId: '33333333-3333-4333-8333-333333333333',
  tenantId: '22222222-2222-4222-8222-222222222222',
  workspaceId: '77777777-7777-4777-8777-777777777701',
  itemId: '88888888-8888-4888-8888-888888888801',
  jobInstanceId: '66666666-6666-4666-8666-666666666601',
  userObjectId: 'aaaaaaaa-0000-4000-8000-00000000a11c',
};
const contents: GrantContents = { refreshToken: '0.AAAA-refresh-token-value', homeAccountId: 'oid.tid', issuedAt: 1000, expiresAt: 5000 };

const invalid = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LongRunningGrantInvalidError);
    return (e as LongRunningGrantInvalidError).reason;
  }
  throw new Error('expected LongRunningGrantInvalidError');
};

describe('sealed long-running grants', () => {
  it('round-trips and reveals nothing in clear but the format and the key id', () => {
    const g = sealGrant(contents, key, binding);
    expect(g.split('.').slice(0, 2)).toEqual(['lrg1', 'k1']);
    expect(g).not.toContain('refresh-token');
    expect(g).not.toContain('oid.tid');
    expect(grantKeyId(g)).toBe('k1');
    expect(unsealGrant(g, key, binding, 4999)).toEqual(contents);
  });

  it('two seals of the same contents differ (fresh IV)', () => {
    expect(sealGrant(contents, key, binding)).not.toBe(sealGrant(contents, key, binding));
  });

  it('any changed character is refused (authentication, or non-canonical encoding)', () => {
    const g = sealGrant(contents, key, binding);
    fc.assert(
      fc.property(fc.integer({ min: 'lrg1.k1.'.length, max: g.length - 1 }), fc.constantFrom('A', 'B', 'Q', 'g', 'w', '_', '-', 'z'), (i, c) => {
        fc.pre(g[i] !== c && g[i] !== '.');
        const changed = g.slice(0, i) + c + g.slice(i + 1);
        invalid(() => unsealGrant(changed, key, binding, 0));
      }),
      { numRuns: 500 },
    );
  });

  it('is bound to the tenant and the app', () => {
    const g = sealGrant(contents, key, binding);
    expect(invalid(() => unsealGrant(g, key, { ...binding, tenantId: '11111111-1111-4111-8111-111111111111' }, 0))).toBe('does not authenticate for this app, tenant, job and user');
    expect(invalid(() => unsealGrant(g, key, { ...binding, clientId: '44444444-4444-4444-8444-444444444444' }, 0))).toBe('does not authenticate for this app, tenant, job and user');
  });

  it('is bound to the job (workspace, item, job instance) and the user', () => {
    const g = sealGrant(contents, key, binding);
    for (const moved of [
      { workspaceId: '77777777-7777-4777-8777-777777777702' },
      { itemId: '88888888-8888-4888-8888-888888888802' },
      { jobInstanceId: '66666666-6666-4666-8666-666666666602' },
      { userObjectId: 'bbbbbbbb-0000-4000-8000-0000000000b0' },
    ]) {
      expect(invalid(() => unsealGrant(g, key, { ...binding, ...moved }, 0))).toBe('does not authenticate for this app, tenant, job and user');
    }
    // Case does not matter (GUIDs); a missing user or a non-GUID id never unseals.
    expect(unsealGrant(g, key, { ...binding, userObjectId: binding.userObjectId.toUpperCase() }, 0)).toEqual(contents);
    expect(invalid(() => unsealGrant(g, key, { ...binding, userObjectId: '' }, 0))).toBe('not bound to an app, tenant, job and user');
    expect(invalid(() => unsealGrant(g, key, { ...binding, itemId: `${binding.itemId}|x` }, 0))).toBe('not bound to an app, tenant, job and user');
  });

  it('a grant sealed with the earlier binding (app and tenant only) is refused', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(`lrg1.k1|${binding.clientId}|${binding.tenantId}`, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify({ rt: contents.refreshToken, hid: contents.homeAccountId, iat: contents.issuedAt, exp: contents.expiresAt })), cipher.final()]);
    const old = ['lrg1', 'k1', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    expect(invalid(() => unsealGrant(old, key, binding, 0))).toBe('does not authenticate for this app, tenant, job and user');
  });

  it('expires at its absolute end', () => {
    const g = sealGrant(contents, key, binding);
    expect(invalid(() => unsealGrant(g, key, binding, 5000))).toBe('expired');
  });

  it('a different key (same id or not) does not open it', () => {
    const g = sealGrant(contents, key, binding);
    expect(invalid(() => unsealGrant(g, { id: 'k1', key: Buffer.alloc(32, 2) }, binding, 0))).toBe('does not authenticate for this app, tenant, job and user');
    expect(invalid(() => unsealGrant(g, { id: 'k2', key: key.key }, binding, 0))).toBe('sealed with another key');
  });

  it.each(['', 'lrg1', 'lrg2.k1.a.b.c', 'lrg1.k1.a.b', 'lrg1.k 1.a.b.c', 'lrg1.k1.!!.b.c', 'x'.repeat(20_000)])('malformed %j', (g) => {
    expect(invalid(() => grantKeyId(g))).toBe('malformed');
  });

  it('keys: exactly 32 bytes of base64 or base64url; ids are a hash prefix', () => {
    const raw = Buffer.alloc(32, 0xfb);
    expect(decodeGrantKey(raw.toString('base64'))).toEqual(raw);
    expect(decodeGrantKey(raw.toString('base64url'))).toEqual(raw);
    expect(decodeGrantKey(Buffer.alloc(16).toString('base64'))).toBeUndefined();
    expect(decodeGrantKey('not base64 at all!')).toBeUndefined();
    expect(keyIdOf(raw)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(raw)).not.toBe(keyIdOf(Buffer.alloc(32, 1)));
  });
});
