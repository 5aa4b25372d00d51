/**
 * Starts one in-memory Azurite (HTTPS, Entra bearer tokens accepted) for the whole test run and publishes it to the
 * workers: AZURITE_CONNECTION_STRING (shared-key, for tables/queues/blobs) and AZURITE_BLOB_ENDPOINT (the OneLake
 * stand-in). NODE_EXTRA_CA_CERTS (the local TLS certificate, made by `pretest`) is set by `npm test`.
 */
import { join } from 'node:path';
import { startAzurite } from '../../devtools/azurite';
import { ensureLocalCertificate } from '../../devtools/tls';

export default async function globalSetup(): Promise<void> {
  const dir = join(__dirname, '..', '..', '.cache', 'tls');
  const cert = await ensureLocalCertificate(dir);
  const azurite = await startAzurite({ tls: { certPath: cert.certPath, keyPath: join(dir, 'localhost-key.pem') } });
  process.env.AZURITE_CONNECTION_STRING = azurite.connectionString;
  process.env.AZURITE_BLOB_ENDPOINT = azurite.blobEndpoint;
  (globalThis as { __AZURITE__?: typeof azurite }).__AZURITE__ = azurite;
}
