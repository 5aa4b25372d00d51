/**
 * One invocation through the library's own InvocationModel, in the order the Node.js worker uses:
 * getArguments → preInvocation hooks → invokeFunction → postInvocation hooks → getResponse.
 * Wrapped, as the Functions host does, in "Executing/Executed" log lines and the function timeout.
 */
import { randomUUID } from 'node:crypto';
import type { HostLogger, LogEntry } from '../logger';
import { formatDuration } from '../timespan';
import type { AppRegistry, RegisteredFunction } from './registry';
import type { CoreInvocationContext, FunctionCallback, HookData, RpcInvocationRequest, RpcInvocationResponse, RpcLogCategory, RpcLogLevel } from './types';

export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

export interface InvocationOptions {
  /** Why the function runs, as the host words it in its log. */
  readonly reason: string;
  readonly timeoutMs: number;
  readonly invocationId?: string;
}

export interface InvocationResult {
  readonly invocationId: string;
  readonly response: RpcInvocationResponse;
}

/** Writes a log entry after giving the app's "log" hooks a chance to change it (they run synchronously). */
export function emitLog(registry: AppRegistry, logger: HostLogger, entry: LogEntry, invocationContext?: unknown): void {
  const hooks = registry.hooksFor('log');
  if (hooks.length === 0) return logger.log(entry);
  const ctx = { level: entry.level, message: entry.message, category: entry.category, invocationContext, hookData: {} as HookData, appHookData: registry.appHookData };
  for (const hook of hooks) {
    try {
      (hook as unknown as (c: typeof ctx) => unknown)(ctx);
    } catch (err) {
      logger.log({ level: 'warning', category: 'system', message: `A "log" hook threw: ${(err as Error)?.message ?? String(err)}` });
    }
  }
  logger.log({ ...entry, level: ctx.level, message: ctx.message });
}

export async function invoke(registry: AppRegistry, logger: HostLogger, fn: RegisteredFunction, request: Omit<RpcInvocationRequest, 'invocationId' | 'functionId'>, options: InvocationOptions): Promise<InvocationResult> {
  const model = registry.programmingModel;
  if (!model) throw new Error('The app did not set a programming model (is @azure/functions loaded?)');
  const invocationId = options.invocationId ?? randomUUID();
  const started = Date.now();
  logger.info(`Executing 'Functions.${fn.name}' (Reason='${options.reason}', Id=${invocationId})`);

  let context: unknown;
  const coreCtx: CoreInvocationContext = {
    invocationId,
    request: { ...request, invocationId, functionId: fn.id },
    metadata: { name: fn.name, bindings: fn.bindings, functionId: fn.id },
    state: undefined,
    log: (level: RpcLogLevel, category: RpcLogCategory, message: string) => emitLog(registry, logger, { level, category, message, functionName: fn.name, invocationId }, context),
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const limit = formatDuration(options.timeoutMs);
      logger.error(`Timeout value of ${limit} exceeded by function 'Functions.${fn.name}' (Id: '${invocationId}'). Initiating cancellation.`);
      reject(new FunctionTimeoutError(`Timeout value of ${limit} was exceeded by function: Functions.${fn.name}`));
    }, options.timeoutMs);
    timer.unref?.();
  });

  try {
    const response = await Promise.race([run(), timeout]);
    logger.info(`Executed 'Functions.${fn.name}' (Succeeded, Id=${invocationId}, Duration=${Date.now() - started}ms)`);
    return { invocationId, response };
  } catch (err) {
    logger.info(`Executed 'Functions.${fn.name}' (Failed, Id=${invocationId}, Duration=${Date.now() - started}ms)`);
    logger.error(`Exception while executing function: Functions.${fn.name}. Result: Failure\n${describeFailure(err)}`);
    throw err;
  } finally {
    clearTimeout(timer);
  }

  async function run(): Promise<RpcInvocationResponse> {
    const invocationModel = await model!.getInvocationModel(coreCtx);
    const args = await invocationModel.getArguments();
    context = args.context;
    const hookData: HookData = {};
    const pre = { hookData, appHookData: registry.appHookData, invocationContext: args.context, inputs: args.inputs, functionCallback: fn.callback as FunctionCallback };
    coreCtx.state = 'preInvocationHooks';
    try {
      for (const hook of registry.hooksFor('preInvocation')) await (hook as unknown as (c: typeof pre) => unknown)(pre);
    } finally {
      coreCtx.state = undefined;
    }
    const post = { hookData, appHookData: registry.appHookData, invocationContext: args.context, inputs: pre.inputs, result: null as unknown, error: null as unknown };
    coreCtx.state = 'invocation';
    try {
      post.result = await invocationModel.invokeFunction(args.context, pre.inputs, pre.functionCallback);
    } catch (err) {
      post.error = err;
    } finally {
      coreCtx.state = undefined;
    }
    coreCtx.state = 'postInvocationHooks';
    try {
      for (const hook of registry.hooksFor('postInvocation')) await (hook as unknown as (c: typeof post) => unknown)(post);
    } finally {
      coreCtx.state = undefined;
    }
    if (post.error !== null && post.error !== undefined) throw post.error;
    return invocationModel.getResponse(args.context, post.result);
  }
}

/** "Exception: <message>\nStack: <stack>" as the host prints a failed invocation (host log only, never a response). */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) return `Exception: ${err.message}\nStack: ${err.stack ?? `${err.name}: ${err.message}`}`;
  return `Exception: ${typeof err === 'string' ? err : JSON.stringify(err) ?? String(err)}`;
}
