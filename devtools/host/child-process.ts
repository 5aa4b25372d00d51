/**
 * Runs the compiled host (dist/devtools/host/cli.js) as a child process: used by the sandbox and the tests.
 * The child gets exactly the given settings plus what Node needs to run (PATH, HOME, temp dirs, NODE_EXTRA_CA_CERTS),
 * so nothing from the parent's environment leaks into the app's configuration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file lives in dist/devtools/host or devtools/host). */
export const REPO_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'devtools')}`) ? '../../..' : '../..');
export const HOST_CLI = join(REPO_ROOT, 'dist', 'devtools', 'host', 'cli.js');

export interface HostProcessOptions {
  /** App settings for the host (the complete set; see the pass-through list for what is added). */
  readonly env: Readonly<Record<string, string>>;
  /** App directory with host.json (default: the repository root, i.e. the real app). */
  readonly scriptRoot?: string;
  /** Entry module glob overriding package.json "main" (absolute, or relative to scriptRoot). */
  readonly main?: string;
  /** Port (default 0: any free port; the real one is read from the ready line). */
  readonly port?: number;
  /** Let local.settings.json in scriptRoot fill missing settings (default false). */
  readonly localSettings?: boolean;
  /** How long to wait for "Host listening on" (default 20 s). */
  readonly startTimeoutMs?: number;
  /** Receives output as it arrives (besides logs()). */
  readonly onOutput?: (text: string) => void;
  /** Own process group: a terminal Ctrl-C reaches only the parent, which then stops the host in order. */
  readonly detached?: boolean;
}

export interface HostProcess {
  /** e.g. http://127.0.0.1:43121/api */
  readonly baseUrl: string;
  readonly port: number;
  readonly pid: number;
  /** Everything the host printed so far (stdout and stderr, interleaved as received). */
  logs(): string;
  /** Resolves with the log text once it matches, or rejects after timeoutMs (default 10 s) or when the host exits. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Restarts the app in the running host (new worker, functions indexed again, same port), e.g. after a rebuild.
   * Resolves once the host serves the new code; rejects with the host's reason if the app failed to load.
   */
  reload(): Promise<void>;
  /** SIGTERM, then waits for a clean exit (SIGKILL after 10 s). Resolves with the exit code. Idempotent. */
  stop(): Promise<number | null>;
  /** Kills at once (for exit handlers that cannot wait). */
  kill(): void;
  readonly exited: Promise<number | null>;
}

/** Process-level variables the child needs to run at all; nothing app-specific is inherited. */
export const PASS_THROUGH = ['PATH', 'Path', 'HOME', 'USERPROFILE', 'TMPDIR', 'TMP', 'TEMP', 'SystemRoot', 'ComSpec', 'NODE_EXTRA_CA_CERTS', 'LANG', 'TZ'];

const READY = /^(?:\[[^\]]+\] )?Host listening on (http:\/\/\S+)$/m;

export async function startHostProcess(opts: HostProcessOptions): Promise<HostProcess> {
  if (!existsSync(HOST_CLI)) throw new Error(`${HOST_CLI} is missing: build first (npm run build)`);
  const childEnv: Record<string, string> = {};
  for (const k of PASS_THROUGH) if (process.env[k] !== undefined) childEnv[k] = process.env[k]!;
  Object.assign(childEnv, { PORT: String(opts.port ?? 0) }, opts.env);
  // The child runs in scriptRoot: a relative certificate path must not change meaning.
  if (childEnv.NODE_EXTRA_CA_CERTS) childEnv.NODE_EXTRA_CA_CERTS = resolve(childEnv.NODE_EXTRA_CA_CERTS);
  const scriptRoot = opts.scriptRoot ?? REPO_ROOT;
  const args = [HOST_CLI, '--script-root', scriptRoot];
  if (opts.main) args.push('--main', opts.main);
  if (!opts.localSettings) args.push('--no-local-settings');

  const child: ChildProcess = spawn(process.execPath, args, { cwd: scriptRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: opts.detached ?? false });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    const text = d.toString();
    output += text;
    opts.onOutput?.(text);
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      r(code);
      for (const w of [...waiters]) w();
    }),
  );
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  const waitForLog = (pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
    new Promise((ok, fail) => {
      const check = () => {
        if (pattern.test(output)) {
          done();
          ok(output);
        } else if (!isRunning()) {
          done();
          fail(new Error(`host exited (${child.exitCode ?? child.signalCode}) before logging ${pattern}:\n${output}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        fail(new Error(`host did not log ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  let stopping: Promise<number | null> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!isRunning()) return exited;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    })());

  const reload = () =>
    new Promise<void>((ok, fail) => {
      if (!isRunning() || !child.connected) return fail(new Error('the host is not running'));
      const onMessage = (m: { type?: string; message?: string }) => {
        if (m?.type !== 'reloaded' && m?.type !== 'reloadFailed') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (m.type === 'reloaded') ok();
        else fail(new Error(m.message ?? 'the app failed to load'));
      };
      const onExit = () => {
        child.off('message', onMessage);
        fail(new Error('the host exited while restarting'));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ type: 'reload' });
    });

  try {
    await waitForLog(READY, opts.startTimeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const baseUrl = READY.exec(output)![1];
  return { baseUrl, port: Number(new URL(baseUrl).port), pid: child.pid!, logs: () => output, waitForLog, reload, stop, kill: () => void (isRunning() && child.kill('SIGKILL')), exited };
}
