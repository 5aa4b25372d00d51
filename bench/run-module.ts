/**
 * Runs ONE benchmark module in this fresh process and prints its rows as the last line of stdout (JSON).
 * bench/run.ts starts one of these per module; run it by hand to time a single module:
 *   NODE_EXTRA_CA_CERTS=.cache/tls/localhost-cert.pem node dist/bench/run-module.js auth [--short]
 */
import { MODULES } from './modules';

export const ROWS_PREFIX = 'bench-rows ';

async function main(args: readonly string[]): Promise<void> {
  const name = args.find((a) => !a.startsWith('--'));
  const module = MODULES.find((m) => m.name === name);
  if (!module) throw new Error(`usage: run-module.js <${MODULES.map((m) => m.name).join(' | ')}> [--short]`);
  const rows = await (await module.load())({ short: args.includes('--short') });
  process.stdout.write(`\n${ROWS_PREFIX}${JSON.stringify(rows)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    // Local servers a module started are stopped by then; exit anyway so a stray handle cannot hang the report.
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
