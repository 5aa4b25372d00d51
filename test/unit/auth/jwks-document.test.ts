import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { JwksFetchFailed } from '../../../src/auth/inbound/errors';
import { importSigningKeys } from '../../../src/auth/inbound/jwks-document';

const rsa = (bits: number): JsonWebKey => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
const strong = rsa(2048);
const weak = rsa(1024);
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
const issuer = 'https://login.microsoftonline.com/{tenantid}/v2.0';

describe('JWKS document import', () => {
  it('keeps RSA signing keys of at least 2048 bits, with their issuer', async () => {
    const { keys, dropped } = await importSigningKeys({
      keys: [
        { ...strong, kid: 'good', use: 'sig', issuer },
        { ...strong, kid: 'no-use' },
        { ...weak, kid: 'weak', use: 'sig' },
        { ...strong, kid: 'enc', use: 'enc' },
        { ...strong, kid: 'ps', alg: 'PS256' },
        { ...ec, kid: 'ec' },
        { ...strong, kid: 'ops', key_ops: ['encrypt'] },
        { ...strong, use: 'sig' },
        { ...strong, kid: 'k'.repeat(129) },
        { ...strong, kid: 'bad-n', n: 'not base64url!' },
        { ...strong, kid: 'bad-issuer', issuer: 7 },
        'not an object',
        null,
      ],
    });
    expect([...keys.keys()]).toEqual(['good', 'no-use']);
    expect(keys.get('good')!.issuer).toBe(issuer);
    expect(keys.get('no-use')!.issuer).toBeUndefined();
    expect(keys.get('good')!.key.asymmetricKeyType).toBe('rsa');
    expect(dropped).toBe(11);
  });

  it('drops keys whose kid is ambiguous', async () => {
    const { keys } = await importSigningKeys({ keys: [{ ...strong, kid: 'dup' }, { ...rsa(2048), kid: 'dup' }, { ...strong, kid: 'one' }] });
    expect([...keys.keys()]).toEqual(['one']);
  });

  it.each([
    ['not an object', 'x'],
    ['no keys array', { keys: 'x' }],
    ['an empty set', { keys: [] }],
    ['only weak keys', { keys: [{ ...weak, kid: 'weak' }] }],
    ['null', null],
  ])('refuses %s', async (_name, doc) => {
    await expect(importSigningKeys(doc)).rejects.toBeInstanceOf(JwksFetchFailed);
  });
});
