/**
 * Runs every benchmark module, each in a fresh Node process (bench/run-module.ts), and prints one table
 * (name, ops/s, ratio vs baseline, target, met?).
 *   node dist/bench/run.js           full run; also writes the table and machine info into bench/README.md
 *   node dist/bench/run.js --short   tiny iteration counts: proves the benchmarks run (exit 0 unless one crashes)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ensureLocalCertificate } from '../devtools/tls';
import { LOCAL_CERT_DIR, trustsLocalCertificate } from './fixtures/environment';
import { MODULES } from './modules';
import type { BenchRow } from './bench-row';
import { ROWS_PREFIX } from './run-module';

const fmtOps = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatTable(rows: readonly { module: string; row: BenchRow }[]): string {
  const header = ['benchmark', 'value', 'ratio vs baseline', 'target', 'met?'];
  const lines = rows.map(({ module, row }) => [
    `${module}: ${row.name}`,
    row.value ?? `${fmtOps(row.opsPerSec ?? 0)} ops/s`,
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}x`,
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

function machineInfo(): string {
  const cpu = cpus();
  return [`- CPU: ${cpu[0]?.model.trim() ?? 'unknown'} (${cpu.length} cores)`, `- Node.js: ${process.version} (${process.platform}/${process.arch})`, `- Date: ${new Date().toISOString()}`].join('\n');
}

const README_PATH = join(__dirname, '..', '..', 'bench', 'README.md');
const NOTES_HEADING = '## Notes';

/** The hand-written "## Notes" section of the current report (what changed and why), kept when the table is rewritten. */
function currentNotes(): string {
  const text = existsSync(README_PATH) ? readFileSync(README_PATH, 'utf8') : '';
  const at = text.indexOf(`\n${NOTES_HEADING}\n`);
  return at < 0 ? '' : `\n${text.slice(at + 1).trimEnd()}\n`;
}

function readme(table: string): string {
  return `# Benchmarks

\`npm run bench\` (= \`npm run build && node dist/bench/run.js\`) runs every module in \`bench/modules.ts\`, each in a fresh Node
process (\`bench/run-module.ts\`, so one module's loaded code and heap cannot skew another's), and rewrites this file.
\`node dist/bench/run.js --short\` only proves the benchmarks run (tiny counts, numbers meaningless).

Every figure comes from Node.js 22 LTS, the runtime \`infra/\` deploys (\`.ci/run\` and \`npm run bench\` refuse an
older Node). Ratios are against the module's baseline, measured in the same run.

For \`auth\` the baseline is 2 raw \`crypto.verify\` RS256 calls with a \`KeyObject\` on the main thread (one
SubjectAndAppToken authentication verifies 2 tokens). "unique tokens" gives every request tokens never seen before (a
fresh validator per round); "repeated tokens" sends the same header every time, as Fabric does with its app token for
an hour, so the verified-token cache (SHA-256 of the token bytes, lifetime and signing key re-checked on every hit)
answers. "plain jose.jwtVerify x2" verifies the same unique token pairs with nothing but \`jose.jwtVerify\` (RS256
pinned, the JWKS key): what the signatures cost through jose before any rule of this endpoint. The validator lets jose
verify every token (\`src/auth/inbound/validator.ts\`, rules in \`docs/security.md\`). On Node 22 jose verifies through
WebCrypto, whose RSA work runs on libuv's thread pool, so with many tokens in flight it can use a second core that the
synchronous baseline cannot. Each auth figure is the median of 9 interleaved rounds in one process; its ratio is the
median of the per-round ratios (so machine-load drift hits baseline and case alike).

- \`auth vs MS docs\`: the same authentication against the pattern in Microsoft's remote-endpoint docs (jsonwebtoken +
  jwks-rsa, a JWKS client created per request, so every token validation fetches the JWKS; local Entra ID over http),
  reimplemented in \`bench/auth-baseline-msdocs.ts\`. Ratios are this endpoint / the docs pattern.
- \`cold start\`: time to require the app's entry module (package.json "main": \`dist/main.js\`, the entry and the
  function files, bundled by \`npm run bundle\`) in a fresh Node process with \`@azure/functions-core\` provided as the local host does,
  vs an app registering one empty HTTP function; median of fresh processes, alternating. Also lists heavy SDKs loaded
  at import (must be none).
- \`e2e\`: autocannon through the local host (loopback, bounded): anonymous \`GET /api/health\` vs authenticated
  \`POST /api/resolve-endpoint\` (SubjectAndAppToken, repeated tokens, a small JSON body, no other I/O), in interleaved
  slices. Latency percentiles come from every response's own time. Auth overhead = p50(authenticated) / p50(the same
  route registered without the pre-handler by a bench-only fixture, sent the same bytes) - 1 at one connection: the
  two calls differ in authentication only. The authenticated call vs health is printed too; it also includes carrying
  and reading a POST body (a health call sent the same headers and body shows that part). A job-status poll
  (authentication + one Table Storage read) is measured the same way, against the same route and table read registered
  without the pre-handler: status poll = p50(authenticated) / p50(without the pre-handler).
- \`sandbox\`: from spawn to the "is running" line, then Ctrl-C: \`npm run dev\` as typed with nothing changed since the
  last build (npm, \`tsc -b\` finding it up to date, the bundle, the sandbox), and the sandbox alone
  (\`dist/devtools/sandbox/cli.js\`: fresh certificate, Azurite, local Entra ID, Key Vault, managed identity, Fabric API,
  host).
- \`watch mode\`: \`npm run dev\`'s watch mode, from saving \`src/main.ts\` with one more HTTP function to that route
  answering 200 (rebuilt bundle, host restarted, functions indexed again); \`src/main.ts\` is restored afterwards.
- \`token module\`: requests reaching the local Entra token endpoint for 1,000 data-plane calls that each need the
  user's OBO token (same user and token, 1,000 different items, so no answer cache hides the token module).

## Last full run

${machineInfo()}

${table}
${currentNotes()}`;
}

/** One module in a fresh process; its own output passes through, its rows come back on the last line. */
function runModule(name: string, short: boolean): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'run-module.js'), name, ...(short ? ['--short'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(ROWS_PREFIX));
      const rest = out.split('\n').filter((l) => !l.startsWith(ROWS_PREFIX) && l.trim() !== '').join('\n');
      if (rest) process.stderr.write(`${rest}\n`);
      if (code !== 0 || !line) return reject(new Error(`bench module "${name}" failed (exit ${code})`));
      resolve(JSON.parse(line.slice(ROWS_PREFIX.length)) as BenchRow[]);
    });
  });
}

async function main(): Promise<void> {
  // The end-to-end benches talk HTTPS to local stand-ins (Entra ID, Azurite): trust the local certificate, which Node
  // only reads at start-up, by running again with NODE_EXTRA_CA_CERTS set.
  const cert = await ensureLocalCertificate(LOCAL_CERT_DIR);
  if (!trustsLocalCertificate(cert.certPath)) {
    const child = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.certPath } });
    process.exitCode = child.status ?? 1;
    return;
  }
  const short = process.argv.includes('--short');
  const rows: { module: string; row: BenchRow }[] = [];
  for (const m of MODULES) for (const row of await runModule(m.name, short)) rows.push({ module: m.name, row });
  const table = formatTable(rows);
  console.log(table);
  const missed = rows.filter((r) => r.row.met === false).length;
  if (short) {
    console.log('(short run: counts are tiny, numbers are not meaningful)');
    return;
  }
  writeFileSync(README_PATH, readme(table));
  console.log(missed === 0 ? 'All targets met.' : `${missed} target(s) missed.`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
