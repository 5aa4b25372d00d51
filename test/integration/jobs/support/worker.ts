/**
 * A host process the test can kill: the compiled short-lease launcher as a child, with the given settings.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../support/host';

export interface Worker {
  readonly baseUrl: string;
  readonly pid: number;
  logs(): string;
  /** SIGKILL: the process dies at once, mid-job, without settling its queue messages. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

const LAUNCHER = join(REPO_ROOT, 'dist', 'test', 'integration', 'jobs', 'support', 'short-lease-host.js');
const PASS_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'NODE_EXTRA_CA_CERTS', 'LANG', 'TZ'];

export async function startWorker(settings: Readonly<Record<string, string>>, leaseMs: number): Promise<Worker> {
  const env: Record<string, string> = {};
  for (const k of PASS_THROUGH) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  Object.assign(env, settings, { PORT: '0', TEST_QUEUE_LEASE_MS: String(leaseMs) });
  const child = spawn(process.execPath, [LAUNCHER, REPO_ROOT], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 20_000);
    const check = () => {
      const m = /^(?:\[[^\]]+\] )?Host listening on (http:\/\/\S+)$/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`worker exited:\n${output}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { baseUrl, pid: child.pid!, logs: () => output, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
