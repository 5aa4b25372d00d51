/**
 * Turns a Key Vault certificate's secret into what MSAL needs for certificate client authentication:
 * the PKCS#8 private key, the SHA-256 thumbprint of the leaf certificate and the chain (x5c). Pure (node:crypto only).
 *
 * Key Vault serves a certificate's secret in the content type it was created with. PEM
 * (`application/x-pem-file`) is required: Node has no PKCS#12 parser, and adding one is not worth a dependency when
 * the certificate policy can simply say PEM (infra does).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { CertificateInvalidError } from './errors';

export const PEM_CONTENT_TYPE = 'application/x-pem-file';
export const PKCS12_CONTENT_TYPE = 'application/x-pkcs12';

export interface CertificateCredential {
  /** Hex SHA-256 of the leaf certificate (DER), upper case, no separators. */
  readonly thumbprintSha256: string;
  /** PKCS#8 PEM. */
  readonly privateKey: string;
  /** Leaf first, then the rest of the chain, PEM. */
  readonly x5c: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END \1-----/g;
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);

export function parseCertificateSecret(value: string, contentType: string | undefined): CertificateCredential {
  if (contentType && contentType.toLowerCase() === PKCS12_CONTENT_TYPE) {
    throw new CertificateInvalidError(`certificate is stored as PKCS#12; create it with content type ${PEM_CONTENT_TYPE}`);
  }
  const blocks = [...value.matchAll(BLOCK)].map((m) => ({ label: m[1], pem: m[0] }));
  const keys = blocks.filter((b) => KEY_LABELS.has(b.label));
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (keys.length !== 1) throw new CertificateInvalidError(`expected one private key in the PEM, found ${keys.length}`);
  if (certs.length === 0) throw new CertificateInvalidError('no certificate in the PEM');

  let key: KeyObject;
  try {
    key = createPrivateKey(keys[0].pem);
  } catch {
    throw new CertificateInvalidError('private key is unreadable (encrypted keys are not supported)');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new CertificateInvalidError('certificate key must be RSA (Entra ID client assertions use RS256/PS256)');

  const parsed = certs.map((c) => {
    try {
      return { pem: c.pem, x509: new X509Certificate(c.pem) };
    } catch {
      throw new CertificateInvalidError('a certificate in the PEM is unreadable');
    }
  });
  const leaf = parsed.find((c) => c.x509.checkPrivateKey(key));
  if (!leaf) throw new CertificateInvalidError('no certificate in the PEM matches the private key');
  const chain = [leaf, ...parsed.filter((c) => c !== leaf)];
  return {
    thumbprintSha256: leaf.x509.fingerprint256.replace(/:/g, '').toUpperCase(),
    privateKey: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    x5c: chain.map((c) => c.pem).join('\n'),
  };
}
