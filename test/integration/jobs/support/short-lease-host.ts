/**
 * Test-only launcher (run compiled, as a child process): the local function host with a short queue-message lease.
 * The host leases a message for 10 minutes while its function runs, as the Functions host does; a worker killed
 * mid-job therefore leaves its message invisible for up to 10 minutes. With TEST_QUEUE_LEASE_MS the message comes
 * back within seconds, so a test can kill a worker and watch another one pick the job up.
 *   node dist/test/integration/jobs/support/short-lease-host.js <scriptRoot>
 */
import { startFunctionHost } from '../../../../devtools/host/host';

async function main(): Promise<void> {
  const host = await startFunctionHost({
    scriptRoot: process.argv[2],
    port: Number(process.env.PORT ?? 0),
    localSettings: false,
    queueLeaseMs: Number(process.env.TEST_QUEUE_LEASE_MS ?? 600_000),
  });
  console.log(`Host listening on ${host.baseUrl}`);
  process.on('SIGTERM', () => void host.stop().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(`Host failed to start: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
