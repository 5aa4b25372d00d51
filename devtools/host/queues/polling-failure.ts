/**
 * The host log line for a failed queue poll. A refused connection says that nothing serves storage there and how to
 * start it: Azurite on a loopback address, else the storage account's endpoint. Pure.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function describePollingFailure(queueName: string, queueUrl: string, err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.code !== 'ECONNREFUSED') return `Polling queue '${queueName}' failed: ${detail}`;
  let where: URL | undefined;
  try {
    where = new URL(queueUrl);
  } catch {
    where = undefined;
  }
  if (where && LOOPBACK.has(where.hostname)) {
    return (
      `Polling queue '${queueName}' failed: nothing listens at ${where.host} (ECONNREFUSED): Azurite is not running. ` +
      'Start it (`npx azurite --inMemoryPersistence --skipApiVersionCheck`, or the Azurite extension of VS Code), or use `npm run dev`, which starts its own.'
    );
  }
  return `Polling queue '${queueName}' failed: storage at ${where?.host ?? queueUrl} refused the connection (ECONNREFUSED): check that the account's queue endpoint is right and reachable.`;
}
