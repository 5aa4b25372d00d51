/**
 * Starts one in-memory Azurite for the whole test run and publishes its connection string to the workers
 * through AZURITE_CONNECTION_STRING. NODE_EXTRA_CA_CERTS (the local TLS certificate) is set by `npm test`.
 */
import { startAzurite } from '../../devtools/azurite';

export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite();
  process.env.AZURITE_CONNECTION_STRING = azurite.connectionString;
  (globalThis as { __AZURITE__?: typeof azurite }).__AZURITE__ = azurite;
}
