/**
 * Runs invocations in the language worker the way the Functions host does:
 * - "Executing/Executed" log lines and the function timeout are the host's;
 * - an invocation that passes host.json functionTimeout fails (HTTP: 500). If the worker has not answered it within a
 *   2 s grace period, the worker process is restarted: it is terminated (appTerminate hooks, 5 s grace, then killed)
 *   and a fresh one loads the app. Invocations still running in the old worker get no answer and fail at their own
 *   timeout; new ones wait for the new worker. The timed-out invocation fails once the restart is done.
 * - a worker that exits on its own (a crash, process.exit) fails its in-flight invocations at once and is restarted.
 * Everything the app keeps in memory (caches, keys, counters) is lost with its worker, as on Azure.
 */
import { randomUUID } from 'node:crypto';
import { describeFailure } from '../core/invoke';
import type { RegisteredFunction } from '../core/registry';
import type { RpcInvocationResponse } from '../core/types';
import type { HostLogger } from '../logger';
import { formatDuration } from '../timespan';
import type { InvocationRequest } from './protocol';
import { InvocationFailedError, WorkerProcess, type WorkerProcessOptions } from './worker-process';

/** How long the host waits for a timed-out invocation before it restarts the worker (TimeoutAttribute.GracePeriod). */
export const TIMEOUT_GRACE_MS = 2_000;

export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

export interface InvokeOptions {
  /** Why the function runs, as the host words it in its log. */
  readonly reason: string;
  readonly timeoutMs: number;
  /** The timeout is host.json functionTimeout (restart the worker), not a shorter front-end limit. */
  readonly restartOnTimeout: boolean;
}

export type DispatcherOptions = Omit<WorkerProcessOptions, 'onLog' | 'onUnexpectedExit'> & { readonly logger: HostLogger };

export class FunctionDispatcher {
  private current?: WorkerProcess;
  private starting?: Promise<WorkerProcess>;
  private stopped = false;
  private readonly invocations = new Map<string, string>();

  constructor(private readonly o: DispatcherOptions) {}

  /** Starts the first worker; resolves with the functions the app registered. */
  async start(): Promise<readonly RegisteredFunction[]> {
    return (await this.launch()).functions;
  }

  async invoke(fn: RegisteredFunction, request: InvocationRequest, options: InvokeOptions): Promise<RpcInvocationResponse> {
    const { logger } = this.o;
    const invocationId = randomUUID();
    const started = Date.now();
    this.invocations.set(invocationId, fn.name);
    logger.info(`Executing 'Functions.${fn.name}' (Reason='${options.reason}', Id=${invocationId})`);
    try {
      const response = await this.run(fn, request, invocationId, options);
      logger.info(`Executed 'Functions.${fn.name}' (Succeeded, Id=${invocationId}, Duration=${Date.now() - started}ms)`);
      return response;
    } catch (err) {
      logger.info(`Executed 'Functions.${fn.name}' (Failed, Id=${invocationId}, Duration=${Date.now() - started}ms)`);
      logger.error(`Exception while executing function: Functions.${fn.name}. Result: Failure\n${err instanceof InvocationFailedError ? err.message : describeFailure(err)}`);
      throw err;
    } finally {
      this.invocations.delete(invocationId);
    }
  }

  /**
   * Terminates the worker (its appTerminate hooks run). Call after in-flight invocations have finished, or pass
   * `abandon`: invocations still running then fail at once with that error.
   */
  async stop(abandon?: Error): Promise<void> {
    this.stopped = true;
    const worker = this.current ?? (await this.starting?.catch(() => undefined));
    this.current = undefined;
    await worker?.terminate({ abandon });
  }

  /** The functions of the invocations running now (one entry per invocation). */
  running(): string[] {
    return [...this.invocations.values()];
  }

  private async run(fn: RegisteredFunction, request: InvocationRequest, invocationId: string, options: InvokeOptions): Promise<RpcInvocationResponse> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), options.timeoutMs)));
    try {
      // Waiting for a restarting worker counts toward the timeout, as in the host.
      const worker = await Promise.race([this.worker(), expired]);
      if (worker === 'expired') throw this.timedOut(fn, invocationId, options.timeoutMs);
      const result = worker.invoke(invocationId, fn.name, request);
      const outcome = await Promise.race([result, expired]);
      if (outcome !== 'expired') return outcome;
      const error = this.timedOut(fn, invocationId, options.timeoutMs);
      if (options.restartOnTimeout) await this.restartAfterTimeout(worker, invocationId, result);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private timedOut(fn: RegisteredFunction, invocationId: string, timeoutMs: number): FunctionTimeoutError {
    const limit = formatDuration(timeoutMs);
    this.o.logger.error(`Timeout value of ${limit} exceeded by function 'Functions.${fn.name}' (Id: '${invocationId}'). Initiating cancellation.`);
    return new FunctionTimeoutError(`Timeout value of ${limit} was exceeded by function: Functions.${fn.name}`);
  }

  private async restartAfterTimeout(worker: WorkerProcess, invocationId: string, result: Promise<unknown>): Promise<void> {
    let grace: NodeJS.Timeout | undefined;
    const answered = await Promise.race([result.then(() => true, () => true), new Promise<boolean>((r) => (grace = setTimeout(() => r(false), TIMEOUT_GRACE_MS)))]);
    clearTimeout(grace);
    // Another timeout may already have replaced this worker: then there is nothing left to restart.
    if (answered || this.stopped || worker !== this.current || !worker.isExecuting(invocationId)) return;
    const { logger } = this.o;
    logger.warn(`A function timeout has occurred. Restarting worker process executing invocationId '${invocationId}'.`);
    try {
      await this.launch(worker.terminate());
      logger.warn('Restart of language worker process(es) completed.');
    } catch (err) {
      logger.error(`Restarting the language worker failed: ${(err as Error).message}`);
    }
  }

  private onUnexpectedExit(worker: WorkerProcess, reason: string): void {
    if (worker !== this.current || this.stopped) return;
    this.o.logger.error(`${reason}. Restarting the language worker.`);
    this.launch().catch((err: unknown) => this.o.logger.error(`Restarting the language worker failed: ${(err as Error).message}`));
  }

  /** The running worker, or the one starting (a failed start is retried by the next invocation). */
  private worker(): Promise<WorkerProcess> {
    return this.current ? Promise.resolve(this.current) : (this.starting ?? this.launch());
  }

  /** Starts a worker once `before` is done; invocations arriving meanwhile wait for it. */
  private launch(before: Promise<unknown> = Promise.resolve()): Promise<WorkerProcess> {
    this.current = undefined;
    const starting = this.startAfter(before).finally(() => {
      if (this.starting === starting) this.starting = undefined;
    });
    this.starting = starting;
    return starting;
  }

  private async startAfter(before: Promise<unknown>): Promise<WorkerProcess> {
    await before;
    const worker = await WorkerProcess.start({ ...this.o, onLog: (entry) => this.o.logger.log(entry), onUnexpectedExit: (w, reason) => this.onUnexpectedExit(w, reason) });
    if (this.stopped) {
      await worker.terminate();
      throw new Error('The host is stopping');
    }
    this.current = worker;
    return worker;
  }
}
