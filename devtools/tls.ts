/**
 * Self-signed certificate for localhost, used where the real service is HTTPS (Entra, Key Vault).
 * Processes that talk to it trust it through NODE_EXTRA_CA_CERTS, set in their environment at start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface LocalCertificate {
  readonly key: string;
  readonly cert: string;
  readonly certPath: string;
}

/** Generates a fresh localhost certificate (valid 30 days) into dir. */
export async function createLocalCertificate(dir: string): Promise<LocalCertificate> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  } as Parameters<typeof generate>[1]);
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, 'localhost-cert.pem');
  writeFileSync(join(dir, 'localhost-key.pem'), pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  return { key: pems.private, cert: pems.cert, certPath };
}

/** Reuses the certificate at dir when it is still valid for a day, else makes a new one. */
export async function ensureLocalCertificate(dir: string): Promise<LocalCertificate> {
  const certPath = join(dir, 'localhost-cert.pem');
  const keyPath = join(dir, 'localhost-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    if (new X509Certificate(cert).validTo && Date.parse(new X509Certificate(cert).validTo) > Date.now() + 24 * 3600 * 1000) {
      return { key: readFileSync(keyPath, 'utf8'), cert, certPath };
    }
  }
  mkdirSync(dirname(certPath), { recursive: true });
  return createLocalCertificate(dir);
}
