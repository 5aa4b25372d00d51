/**
 * The host's side of one language worker process: forks worker.js, sends `init` and waits for the functions it
 * indexed, sends invocations and matches their results, and ends it (`terminate`, then SIGKILL after a grace period).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RegisteredFunction } from '../core/registry';
import type { RpcInvocationResponse } from '../core/types';
import { workerConsoleEntry, type LogEntry } from '../logger';
import type { HostMessage, InvocationRequest, WorkerMessage } from './protocol';

export const WORKER_SCRIPT = join(__dirname, 'worker.js');
/** How long a terminating worker may take (appTerminate hooks) before it is killed: the host's WorkerTerminate grace. */
export const WORKER_TERMINATE_GRACE_MS = 5_000;

export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
}

/** The invocation failed in the worker; the message is the host-log text of the error ("Exception: …\nStack: …"). */
export class InvocationFailedError extends Error {
  override readonly name = 'InvocationFailedError';
}

export class WorkerExitedError extends Error {
  override readonly name = 'WorkerExitedError';
}

export interface WorkerProcessOptions {
  readonly scriptRoot: string;
  readonly files: readonly string[];
  readonly packageType?: string;
  /** The worker's whole environment (the app settings). */
  readonly env: NodeJS.ProcessEnv;
  /** Node options for the worker process (the host's languageWorkers:node:arguments, e.g. --inspect=9229). */
  readonly execArgv?: readonly string[];
  readonly onLog: (entry: LogEntry) => void;
  /** The worker exited without being asked to (a crash, process.exit in the app). */
  readonly onUnexpectedExit: (worker: WorkerProcess, reason: string) => void;
}

interface Pending {
  resolve(response: RpcInvocationResponse): void;
  reject(err: Error): void;
}

export class WorkerProcess {
  readonly functions: readonly RegisteredFunction[];
  private readonly pending = new Map<string, Pending>();
  private terminating = false;

  private constructor(
    private readonly child: ChildProcess,
    functions: readonly RegisteredFunction[],
    readonly exited: Promise<void>,
  ) {
    this.functions = functions;
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(o: WorkerProcessOptions): Promise<WorkerProcess> {
    if (!existsSync(WORKER_SCRIPT)) throw new WorkerStartError(`${WORKER_SCRIPT} is missing: build first (npm run build)`);
    // The app's console output becomes host log lines, one per line written, as the Functions host reads it.
    const child = fork(WORKER_SCRIPT, [], { cwd: o.scriptRoot, env: o.env, execArgv: [...(o.execArgv ?? [])], serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    for (const stream of ['stdout', 'stderr'] as const) createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line) => o.onLog(workerConsoleEntry(line, stream)));
    let worker: WorkerProcess | undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const ready = new Promise<readonly RegisteredFunction[]>((resolve, reject) => {
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'log') o.onLog(m.entry);
        else if (m.type === 'ready') resolve(m.functions);
        else if (m.type === 'startFailed') reject(new WorkerStartError(m.message));
        else if (m.type === 'result') worker?.settle(m);
      });
      child.once('exit', (code, signal) => {
        const reason = `Language worker process exited. Pid=${child.pid}, ${signal ? `signal ${signal}` : `exit code ${code}`}`;
        reject(new WorkerStartError(reason));
        if (worker && !worker.terminating) {
          worker.failAll(new WorkerExitedError(reason));
          o.onUnexpectedExit(worker, reason);
        }
      });
      child.once('error', (err) => reject(new WorkerStartError(`The language worker could not be started: ${err.message}`)));
    });
    child.send({ type: 'init', scriptRoot: o.scriptRoot, files: o.files, packageType: o.packageType } satisfies HostMessage);
    try {
      worker = new WorkerProcess(child, await ready, exited);
      return worker;
    } catch (err) {
      child.kill('SIGKILL');
      await exited;
      throw err;
    }
  }

  invoke(invocationId: string, functionName: string, request: InvocationRequest): Promise<RpcInvocationResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(invocationId, { resolve, reject });
      this.child.send({ type: 'invoke', invocationId, functionName, request } satisfies HostMessage, (err) => {
        if (err) this.settle({ type: 'result', invocationId, failure: `Exception: the invocation could not be sent to the worker: ${err.message}` });
      });
    });
  }

  isExecuting(invocationId: string): boolean {
    return this.pending.has(invocationId);
  }

  /**
   * Asks the worker to run its appTerminate hooks and exit; kills it after the grace period. Invocations still running
   * in it are dropped without an answer, as the Functions host drops them with a disposed worker channel: each one
   * fails when its own function timeout expires. With `abandon`, they fail at once with that error instead (the host
   * is restarting: their work is not answered by this worker any more).
   */
  async terminate({ graceMs = WORKER_TERMINATE_GRACE_MS, abandon }: { graceMs?: number; abandon?: Error } = {}): Promise<void> {
    this.terminating = true;
    if (abandon) this.failAll(abandon);
    else this.pending.clear();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      if (this.child.connected) this.child.send({ type: 'terminate' } satisfies HostMessage);
      const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(killer);
    }
  }

  private settle(m: Extract<WorkerMessage, { type: 'result' }>): void {
    const p = this.pending.get(m.invocationId);
    if (!p) return;
    this.pending.delete(m.invocationId);
    if (m.failure !== undefined) p.reject(new InvocationFailedError(m.failure));
    else p.resolve(m.response ?? {});
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
