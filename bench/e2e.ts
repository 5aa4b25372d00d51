/**
 * End to end through the local host (loopback only, bounded by duration or request count) with autocannon:
 * requests per second and p50/p99 latency of an authenticated control-plane call with repeated tokens (endpoint
 * resolution: SubjectAndAppToken with both tokens and a small JSON body, no storage or outbound call) against the
 * anonymous health call, in the same run.
 *
 * Auth overhead (the target, < 30 % at p50, one connection: latency, no queueing) is what authentication adds to that
 * call: p50(authenticated) / p50(the same route without the pre-handler, sent the same bytes) - 1. The route without
 * the pre-handler is registered by a bench-only fixture next to the app (bench/fixtures/resolve-without-auth-app.ts),
 * so the two differ in authentication only. Against the health call the authenticated call also pays for carrying and
 * reading a POST body, which is not authentication: that ratio is printed too, with a health call carrying the same
 * headers and body, so the difference can be read off. A job-status poll (auth + one Table Storage read) is measured
 * the same way against the same route and table read registered without the pre-handler
 * (bench/fixtures/status-without-auth-app.ts): target p50 <= 1.2x.
 * Targets run in interleaved slices; latency percentiles come from every response's own time (autocannon's histogram
 * rounds to whole ms).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { join } from 'node:path';
import { REPO_ROOT } from '../devtools/host/child-process';
import { WORKLOAD_NAME } from '../test/support/environment';
import { RESOLVE_WITHOUT_AUTH_ROUTE, STATUS_WITHOUT_AUTH_ROUTE } from './fixtures/routes';
import { startBenchEnvironment } from './fixtures/environment';
import type { BenchRow } from './bench-row';

export const AUTH_OVERHEAD_TARGET = 0.3;
/** A status poll (auth + one table read) at p50 against the same table read without the pre-handler. */
export const STATUS_POLL_TARGET = 1.2;

interface Target {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly requestsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

interface Sample {
  /** Every response's own time, ms. */
  readonly times: number[];
  readonly seconds: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** One bounded autocannon run; every answer must be 2xx (else the numbers would measure failures). */
async function sample(target: Target, o: { connections: number; durationSeconds?: number; amount?: number }): Promise<Sample> {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections: o.connections,
        ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.durationSeconds ?? 5 }),
        timeout: 15,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${target.name}: ${result.non2xx} non-2xx answers (${JSON.stringify(Object.fromEntries(statuses))}), ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { times, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function summarize(samples: readonly Sample[]): LoadResult {
  const times = samples.flatMap((s) => s.times).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  return { requestsPerSec: times.length / seconds, p50: percentile(times, 50), p99: percentile(times, 99), count: times.length };
}

/** One bounded load run against one target. */
export async function load(target: Target, o: { connections: number; durationSeconds?: number; amount?: number }): Promise<LoadResult> {
  return summarize([await sample(target, o)]);
}

/**
 * The targets in turn, slice after slice, results pooled per target: a drift of the machine during the run (another
 * process, a GC, CPU frequency) then hits every target alike instead of whichever ran at that moment.
 */
async function interleaved(targets: readonly Target[], slices: number, o: { connections: number; durationSeconds?: number; amount?: number }): Promise<LoadResult[]> {
  const samples: Sample[][] = targets.map(() => []);
  for (let i = 0; i < slices; i++) for (const [t, target] of targets.entries()) samples[t].push(await sample(target, o));
  return samples.map(summarize);
}

const ms = (n: number): string => `${n.toFixed(2)} ms`;
const describe = (r: LoadResult): string => `${Math.round(r.requestsPerSec).toLocaleString('en-US')} req/s; p50 ${ms(r.p50)}; p99 ${ms(r.p99)}`;

export async function e2eBench(opts: { short: boolean }): Promise<BenchRow[]> {
  // The app (package.json main) plus the bench-only routes without the pre-handler.
  const { env, stop } = await startBenchEnvironment({ main: join(REPO_ROOT, 'dist', '{main.js,bench/fixtures/*-without-auth-app.js}') });
  try {
    const headers = await env.headers();
    const health: Target = { name: 'health', method: 'GET', url: `${env.baseUrl}/health` };
    const resolve: Target = { name: 'resolve-endpoint', method: 'POST', url: `${env.baseUrl}/resolve-endpoint`, headers, body: JSON.stringify({ context: [{ name: 'EndpointName', value: 'bench' }] }) };
    // The same request bytes as the authenticated call (2 tokens in the header, a JSON body), which health ignores:
    // the difference to it is what the endpoint does with them (authentication, reading and checking the body).
    const healthSameBytes: Target = { name: 'health (same bytes)', method: 'GET', url: `${env.baseUrl}/health`, headers: resolve.headers, body: resolve.body };
    const withoutAuth: Target = { name: 'resolve-endpoint without the pre-handler', method: 'POST', url: `${env.baseUrl}/${RESOLVE_WITHOUT_AUTH_ROUTE}`, headers, body: resolve.body };
    const [workspaceId, itemId] = [randomUUID(), randomUUID()];
    const status: Target = {
      name: 'onGetJobInstanceStatus',
      method: 'POST',
      url: `${env.baseUrl}/workspaces/${workspaceId}/items/${WORKLOAD_NAME}.Calculator/${itemId}/jobs/onGetJobInstanceStatus`,
      headers,
      body: JSON.stringify({ jobType: `${WORKLOAD_NAME}.Calculator.Calculate`, jobInstanceId: randomUUID() }),
    };
    const statusWithoutAuth: Target = { ...status, name: 'job status without the pre-handler', url: `${env.baseUrl}/${STATUS_WITHOUT_AUTH_ROUTE}/${workspaceId}/${WORKLOAD_NAME}.Calculator/${itemId}` };
    const slice = (connections: number) => (opts.short ? { connections, amount: 50 } : { connections, durationSeconds: 2 });
    const slices = opts.short ? 1 : 4;

    // Warm-up: JWKS loaded, verified-token cache filled, tables created, JIT warm.
    try {
      for (const t of [health, healthSameBytes, withoutAuth, resolve, status, statusWithoutAuth]) await load(t, { connections: 4, amount: opts.short ? 20 : 2000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nhost log (tail):\n${env.logs().split('\n').filter((l) => !/Functions\.health/.test(l)).slice(-40).join('\n')}`, { cause: err });
    }

    const [h1, same1, withoutAuth1, resolve1, status1, statusWithoutAuth1] = await interleaved([health, healthSameBytes, withoutAuth, resolve, status, statusWithoutAuth], slices, slice(1));
    const latency = { health: h1, sameBytes: same1, withoutAuth: withoutAuth1, resolve: resolve1, status: status1, statusWithoutAuth: statusWithoutAuth1 };
    const [h16, resolve16, status16] = await interleaved([health, resolve, status], slices, slice(16));
    const loaded = { health: h16, resolve: resolve16, status: status16 };
    const overhead = latency.resolve.p50 / latency.withoutAuth.p50 - 1;
    const statusPoll = latency.status.p50 / latency.statusWithoutAuth.p50;
    const vsHealth = latency.resolve.p50 / latency.health.p50 - 1;
    const vsHealthSameBytes = latency.resolve.p50 / latency.sameBytes.p50 - 1;
    const baseline = 'health, same connections';
    const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
    return [
      { name: 'GET /api/health (anonymous), 1 connection', value: describe(latency.health), ratio: 1, baseline },
      { name: 'POST /api/resolve-endpoint (SubjectAndAppToken, repeated tokens), 1 connection', value: describe(latency.resolve), ratio: latency.resolve.requestsPerSec / latency.health.requestsPerSec, baseline },
      { name: 'the same route without the pre-handler, same bytes (bench-only fixture), 1 connection', value: describe(latency.withoutAuth), ratio: latency.withoutAuth.requestsPerSec / latency.health.requestsPerSec, baseline },
      {
        name: 'auth overhead at p50, 1 connection (authenticated p50 / same route without the pre-handler p50 - 1)',
        value: pct(overhead),
        target: `< ${AUTH_OVERHEAD_TARGET * 100} %`,
        met: overhead < AUTH_OVERHEAD_TARGET,
      },
      { name: 'authenticated call vs health at p50 (authentication + carrying and reading a POST body)', value: pct(vsHealth) },
      { name: 'GET /api/health sent with the same headers and body as the authenticated call, 1 connection', value: describe(latency.sameBytes), ratio: latency.sameBytes.requestsPerSec / latency.health.requestsPerSec, baseline },
      { name: 'authenticated call vs that same-bytes health call at p50', value: pct(vsHealthSameBytes) },
      { name: 'POST …/jobs/onGetJobInstanceStatus (auth + 1 table read), 1 connection', value: describe(latency.status), ratio: latency.status.requestsPerSec / latency.health.requestsPerSec, baseline },
      { name: 'the same status route without the pre-handler, same bytes, same table read (bench-only fixture), 1 connection', value: describe(latency.statusWithoutAuth), ratio: latency.statusWithoutAuth.requestsPerSec / latency.health.requestsPerSec, baseline },
      {
        name: 'status poll at p50, 1 connection (authenticated p50 / same table read without the pre-handler p50)',
        value: `${statusPoll.toFixed(2)}x`,
        target: `<= ${STATUS_POLL_TARGET}x`,
        met: statusPoll <= STATUS_POLL_TARGET,
      },
      { name: 'GET /api/health (anonymous), 16 connections', value: describe(loaded.health), ratio: 1, baseline },
      { name: 'POST /api/resolve-endpoint (SubjectAndAppToken, repeated tokens), 16 connections', value: describe(loaded.resolve), ratio: loaded.resolve.requestsPerSec / loaded.health.requestsPerSec, baseline },
      { name: 'POST …/jobs/onGetJobInstanceStatus (auth + 1 table read), 16 connections', value: describe(loaded.status), ratio: loaded.status.requestsPerSec / loaded.health.requestsPerSec, baseline },
    ];
  } finally {
    await stop();
  }
}
