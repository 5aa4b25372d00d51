import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { CertificateInvalidError } from '../../../src/credentials/errors';
import { parseCertificateSecret } from '../../../src/credentials/certificate-pem';

type Pems = { private: string; cert: string };
let a: Pems;
let b: Pems;

beforeAll(async () => {
  const opts = { keySize: 2048, algorithm: 'sha256' } as Parameters<typeof generate>[1];
  a = await generate([{ name: 'commonName', value: 'a' }], opts);
  b = await generate([{ name: 'commonName', value: 'b' }], opts);
});

it('finds the leaf that matches the key, its SHA-256 thumbprint, and a PKCS#8 key', () => {
  // Key Vault order varies: put an unrelated certificate first.
  const c = parseCertificateSecret(`${b.cert}\n${a.private}\n${a.cert}`, 'application/x-pem-file');
  expect(c.thumbprintSha256).toBe(new X509Certificate(a.cert).fingerprint256.replace(/:/g, ''));
  expect(c.privateKey.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
  expect(c.x5c.indexOf(a.cert.trim())).toBe(0);
  expect(c.x5c).toContain(b.cert.trim());
});

it.each([
  ['PKCS#12', () => parseCertificateSecret('MIIabc', 'application/x-pkcs12'), /PKCS#12/],
  ['no key', () => parseCertificateSecret(a.cert, undefined), /one private key/],
  ['two keys', () => parseCertificateSecret(`${a.private}${b.private}${a.cert}`, undefined), /one private key/],
  ['no certificate', () => parseCertificateSecret(a.private, undefined), /no certificate/],
  ['key and certificate do not match', () => parseCertificateSecret(`${a.private}\n${b.cert}`, undefined), /matches the private key/],
  ['garbage', () => parseCertificateSecret('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' + a.cert, undefined), /unreadable/],
])('%s → CertificateInvalidError', (_n, f, message) => {
  expect(f).toThrow(CertificateInvalidError);
  expect(f).toThrow(message);
});
