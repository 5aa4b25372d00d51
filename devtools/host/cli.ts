/**
 * `npm run host`: the local function host alone, on 127.0.0.1:${PORT:-7071}, configured by the environment
 * (local.settings.json Values fill what it lacks). Prints `Host listening on <baseUrl>` once ready; stops cleanly
 * on SIGINT/SIGTERM (stops polling, finishes in-flight work, closes the server).
 *
 *   node dist/devtools/host/cli.js [--script-root <dir>] [--main <glob>] [--port <n>] [--no-local-settings]
 */
import { startFunctionHost, type FunctionHost } from './host';

interface CliArgs {
  scriptRoot?: string;
  main?: string;
  port?: number;
  localSettings?: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--script-root') args.scriptRoot = value();
    else if (flag === '--main') args.main = value();
    else if (flag === '--port') args.port = Number(value());
    else if (flag === '--no-local-settings') args.localSettings = false;
    else if (flag === '--help' || flag === '-h') {
      console.log('Usage: node dist/devtools/host/cli.js [--script-root <dir>] [--main <glob>] [--port <n>] [--no-local-settings]');
      process.exit(0);
    } else throw new Error(`Unknown argument "${argv[i]}"`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let host: FunctionHost;
  try {
    host = await startFunctionHost({ scriptRoot: args.scriptRoot, main: args.main, port: args.port, localSettings: args.localSettings });
  } catch (err) {
    console.error(`Host failed to start: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  }
  console.log('Functions:');
  for (const f of host.functions) console.log(`  ${f.name}: ${f.trigger === 'httpTrigger' && !f.inError ? f.detail : `${f.trigger} (${f.detail})`}`);
  console.log(`Host listening on ${host.baseUrl}`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      console.error(`Received ${signal} again: exiting without waiting for in-flight work.`);
      process.exit(1);
    }
    console.log(`Received ${signal}: stopping the host (finishing in-flight work)…`);
    host.stop().then(
      () => {
        console.log('Host stopped.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`Host stop failed: ${(err as Error)?.message ?? String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
