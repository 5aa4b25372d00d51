/**
 * One invocation inside the worker, through the library's own InvocationModel, in the order the Node.js worker uses:
 * getArguments → preInvocation hooks → invokeFunction → postInvocation hooks → getResponse.
 * The host side (logging "Executing/Executed", the function timeout) is in ../worker/dispatcher.ts.
 */
import type { HostLogger, LogEntry } from '../logger';
import type { AppFunction, AppRegistry } from './registry';
import type { CoreInvocationContext, FunctionCallback, HookData, RpcInvocationRequest, RpcInvocationResponse, RpcLogCategory, RpcLogLevel } from './types';

/** Writes a log entry after giving the app's "log" hooks a chance to change it (they run synchronously). */
export function emitLog(registry: AppRegistry, logger: Pick<HostLogger, 'log'>, entry: LogEntry, invocationContext?: unknown): void {
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

export async function runInvocation(
  registry: AppRegistry,
  logger: Pick<HostLogger, 'log'>,
  fn: AppFunction,
  request: Omit<RpcInvocationRequest, 'invocationId' | 'functionId'>,
  invocationId: string,
): Promise<RpcInvocationResponse> {
  const model = registry.programmingModel;
  if (!model) throw new Error('The app did not set a programming model (is @azure/functions loaded?)');
  // The library's InvocationContext, once it exists: log hooks receive it.
  const invocation: { context?: unknown } = {};
  const coreCtx: CoreInvocationContext = {
    invocationId,
    request: { ...request, invocationId, functionId: fn.id },
    metadata: { name: fn.name, bindings: fn.bindings, functionId: fn.id },
    state: undefined,
    log: (level: RpcLogLevel, category: RpcLogCategory, message: string) => emitLog(registry, logger, { level, category, message, functionName: fn.name, invocationId }, invocation.context),
  };

  const invocationModel = await model.getInvocationModel(coreCtx);
  const args = await invocationModel.getArguments();
  invocation.context = args.context;
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

/** "Exception: <message>\nStack: <stack>" as the host prints a failed invocation (host log only, never a response). */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) return `Exception: ${err.message}\nStack: ${err.stack ?? `${err.name}: ${err.message}`}`;
  return `Exception: ${typeof err === 'string' ? err : JSON.stringify(err) ?? String(err)}`;
}
