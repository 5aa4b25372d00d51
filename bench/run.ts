/**
 * Runs every benchmark module and prints one table (name, ops/s, ratio vs baseline, target, met?).
 *   node dist/bench/run.js           full run; also writes the table and machine info into bench/README.md
 *   node dist/bench/run.js --short   tiny iteration counts: proves the benchmarks run (exit 0 unless one crashes)
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { authBench } from './auth';

export interface BenchRow {
  readonly name: string;
  /** Rate of the benchmarked operation; printed as "<n> ops/s" unless `value` is given. */
  readonly opsPerSec?: number;
  /** The figure as printed, for rows that are not rates (ms, counts, percentiles). */
  readonly value?: string;
  /** opsPerSec divided by the baseline's ops/s. */
  readonly ratio?: number;
  readonly baseline?: string;
  /** Human-readable target on the ratio, e.g. ">= 0.5x". */
  readonly target?: string;
  readonly met?: boolean;
}

export interface BenchModule {
  readonly name: string;
  run(opts: { short: boolean }): Promise<BenchRow[]>;
}

export const MODULES: readonly BenchModule[] = [{ name: 'auth', run: authBench }];

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

function readme(table: string): string {
  return `# Benchmarks

\`npm run bench\` (= \`npm run build && node dist/bench/run.js\`) runs every module in \`bench/run.ts\` and rewrites this file.
\`node dist/bench/run.js --short\` only proves the benchmarks run (tiny counts, numbers meaningless).

Ratios are against the module's baseline. For \`auth\` the baseline is 2 raw \`crypto.verify\` RS256 calls with a
\`KeyObject\` (one SubjectAndAppToken authentication verifies 2 tokens). "unique tokens" gives every request tokens never
seen before (a fresh validator per round); "repeated tokens" sends the same header every time, as Fabric does with its
app token for an hour, so the verified-token cache (SHA-256 of the token bytes, lifetime re-checked on every hit)
answers. Each figure is the median of 3 rounds in one process.

## Last full run

${machineInfo()}

${table}
`;
}

async function main(): Promise<void> {
  const short = process.argv.includes('--short');
  const rows: { module: string; row: BenchRow }[] = [];
  for (const m of MODULES) for (const row of await m.run({ short })) rows.push({ module: m.name, row });
  const table = formatTable(rows);
  console.log(table);
  const missed = rows.filter((r) => r.row.met === false).length;
  if (short) {
    console.log('(short run: counts are tiny, numbers are not meaningful)');
    return;
  }
  writeFileSync(join(__dirname, '..', '..', 'bench', 'README.md'), readme(table));
  console.log(missed === 0 ? 'All targets met.' : `${missed} target(s) missed.`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
