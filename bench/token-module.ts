/**
 * Token module: how many requests reach the (local) Entra token endpoint for 1,000 repeated calls that need an
 * On-Behalf-Of token. The calls are data-plane permission reads through the host, one user with the same token,
 * 1,000 different items (so the 60 s ResolvePermissions cache never answers: every call asks the token module for
 * the user's Fabric token and the app token). Target: 1 OBO request. The app-only (client credentials) requests are
 * shown beside it.
 */
import { randomUUID } from 'node:crypto';
import { startBenchEnvironment } from './fixtures/environment';
import type { BenchRow } from './bench-row';

const GRANT_OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const IN_FLIGHT = 20;

export async function tokenModuleBench(opts: { short: boolean }): Promise<BenchRow[]> {
  const calls = opts.short ? 50 : 1000;
  const { env, stop } = await startBenchEnvironment();
  try {
    const headers = await env.frontendHeaders(['Item.Read.All']);
    const workspaceId = randomUUID();
    const items = Array.from({ length: calls }, () => randomUUID());
    for (const item of items) env.fabricApi.setPermissions(item, env.user.oid, ['Read']);
    const before = env.idp.tokenRequests.length;
    let next = 0;
    const statuses = new Map<number, number>();
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < calls) {
          const res = await fetch(`${env.baseUrl}/workspaces/${workspaceId}/items/${items[next++]}/permissions`, { headers });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (statuses.get(200) !== calls) throw new Error(`token module bench: answers ${JSON.stringify(Object.fromEntries(statuses))}, expected ${calls} × 200`);
    const requests = env.idp.tokenRequests.slice(before);
    const obo = requests.filter((r) => r.grant_type === GRANT_OBO).length;
    const appOnly = requests.filter((r) => r.grant_type === 'client_credentials').length;
    return [
      {
        name: `token endpoint requests for ${calls.toLocaleString('en-US')} repeated OBO-needing calls (data plane, ${IN_FLIGHT} in flight)`,
        value: `${obo} OBO + ${appOnly} app-only`,
        target: '1 OBO',
        met: obo === 1,
      },
      { name: 'the same calls through the host (ResolvePermissions each time)', opsPerSec: calls / seconds },
    ];
  } finally {
    await stop();
  }
}
