/**
 * `npm run host`: the local function host alone, on 127.0.0.1:${PORT:-7071}, configured by the environment
 * (local.settings.json Values fill what it lacks). Prints `[time] Host listening on <baseUrl>` once ready; stops cleanly
 * on SIGINT/SIGTERM (stops polling, finishes in-flight work, closes the server); a second signal exits at once.
 * Started with an IPC channel (the sandbox does), it restarts the app on a `{ type: 'reload' }` message and answers
 * `{ type: 'reloaded' }` or `{ type: 'reloadFailed', message }`. The worker's Node options come from the
 * languageWorkers__node__arguments setting (e.g. `--inspect=9229` to debug the app), as with the Functions host.
 *
 *   node dist/devtools/host/cli.js [--script-root <dir>] [--main <glob>] [--port <n>] [--no-local-settings]
 */
import { startFunctionHost, type FunctionHost } from './host';
import { formatLogLine } from './logger';

/** The host's own lifecycle lines, timestamped like every host log line. */
const out = (message: string) => console.log(formatLogLine({ level: 'information', category: 'system', message }, new Date()));
const err = (message: string) => console.error(formatLogLine({ level: 'information', category: 'system', message }, new Date()));

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
  } catch (e) {
    err(`Host failed to start: ${(e as Error)?.message ?? String(e)}`);
    process.exit(1);
  }
  let listed = printFunctions(host);
  out(`Host listening on ${host.baseUrl}`);

  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'reload') return;
    const t0 = Date.now();
    host.reload().then(
      () => {
        // The list again only when it changed (a function added, removed or re-routed).
        const changed = functionLines(host).join('\n') !== listed;
        if (changed) listed = printFunctions(host);
        out(`Host restarted in ${Date.now() - t0} ms (${host.functions.length} functions${changed ? ', listed above' : ', unchanged'}).`);
        process.send?.({ type: 'reloaded' });
      },
      (e: unknown) => {
        const message = (e as Error)?.message ?? String(e);
        err(`Host restart failed: ${message}`);
        process.send?.({ type: 'reloadFailed', message });
      },
    );
  });

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      err(`Received ${signal} again: exiting without waiting for in-flight work.`);
      process.exit(1);
    }
    const running = host.running();
    out(`Received ${signal}: stopping the host${running.length ? ` (finishing in-flight work: ${running.join(', ')})` : ''}…`);
    host.stop().then(
      () => {
        out('Host stopped.');
        process.exit(0);
      },
      (e: unknown) => {
        err(`Host stop failed: ${(e as Error)?.message ?? String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // Started by a parent over IPC (the sandbox): when that parent is gone, stop rather than run on unowned.
  if (process.send) process.on('disconnect', () => shutdown('SIGTERM'));
}

function functionLines(host: FunctionHost): string[] {
  return host.functions.map((f) => `  ${f.name}: ${f.trigger === 'httpTrigger' && !f.inError ? f.detail : `${f.trigger} (${f.detail})`}`);
}

/** Prints the function list; returns it. */
function printFunctions(host: FunctionHost): string {
  const lines = functionLines(host);
  console.log(['Functions:', ...lines].join('\n'));
  return lines.join('\n');
}

void main();
