/**
 * The language worker: the child process the host forks to run the app, as the Functions host runs the Node.js worker.
 * It provides `@azure/functions-core`, loads the entry points, runs the appStart hooks, reports the functions the app
 * registered, runs invocations and, on `terminate`, the appTerminate hooks. All app state lives here: when the host
 * restarts the worker (after a function timeout, or a crash) that state is gone, as on Azure.
 */
import { loadEntryPoints } from '../app/entry-points';
import { createCoreApi, installCoreModule } from '../core/core-module';
import { describeFailure, emitLog, runInvocation } from '../core/invoke';
import { AppRegistry } from '../core/registry';
import type { LogEntry } from '../logger';
import type { HostMessage, WorkerMessage } from './protocol';

/** Sends to the host; `done` runs once the message (and every one before it) is on its way. */
function send(message: WorkerMessage, done?: () => void): void {
  if (!process.connected) return done?.();
  process.send!(message, undefined, undefined, done);
}

const registry = new AppRegistry();
const logger = { log: (entry: LogEntry) => send({ type: 'log', entry }) };
const systemLog = (level: LogEntry['level'], message: string) => logger.log({ level, category: 'system', message });
installCoreModule(createCoreApi(registry, (level, category, message) => emitLog(registry, logger, { level, category, message })));

type Hook = (context: unknown) => unknown;

async function init(m: Extract<HostMessage, { type: 'init' }>): Promise<void> {
  try {
    await loadEntryPoints(m.files, { type: m.packageType });
    const model = registry.programmingModel;
    if (!model) throw new Error('The app registered nothing through @azure/functions (no programming model was set)');
    const capabilities = (await model.getCapabilities?.({})) ?? {};
    if (capabilities.HttpUri) throw new Error('app.setup({ enableHttpStream: true }) is not supported by the local host; use `func start`');
    registry.finishStartup();
    for (const hook of registry.hooksFor('appStart')) {
      await (hook as Hook)({ hookData: registry.appLevelOnlyHookData, appHookData: registry.appHookData, functionAppDirectory: m.scriptRoot });
    }
    send({ type: 'ready', functions: registry.functions.map(({ id, name, bindings, triggerName, trigger }) => ({ id, name, bindings, triggerName, trigger })) });
  } catch (err) {
    send({ type: 'startFailed', message: (err as Error)?.message ?? String(err) }, () => process.exit(1));
  }
}

async function invoke(m: Extract<HostMessage, { type: 'invoke' }>): Promise<void> {
  let result: WorkerMessage;
  try {
    const fn = registry.functions.find((f) => f.name === m.functionName);
    if (!fn) throw new Error(`The worker has no function named '${m.functionName}'`);
    result = { type: 'result', invocationId: m.invocationId, response: await runInvocation(registry, logger, fn, m.request, m.invocationId) };
  } catch (err) {
    result = { type: 'result', invocationId: m.invocationId, failure: describeFailure(err) };
  }
  try {
    send(result);
  } catch (err) {
    // A response that cannot cross the process boundary (not structured-cloneable) fails the invocation.
    send({ type: 'result', invocationId: m.invocationId, failure: describeFailure(err) });
  }
}

async function terminate(): Promise<void> {
  for (const hook of registry.hooksFor('appTerminate')) {
    try {
      await (hook as Hook)({ hookData: registry.appLevelOnlyHookData, appHookData: registry.appHookData });
    } catch (err) {
      systemLog('error', `An appTerminate hook failed: ${(err as Error)?.message ?? String(err)}`);
    }
  }
  send({ type: 'terminated' }, () => process.exit(0));
}

process.on('message', (m: HostMessage) => {
  if (m.type === 'init') void init(m);
  else if (m.type === 'invoke') void invoke(m);
  else if (m.type === 'terminate') void terminate();
});
// The host decides when the worker ends (a terminal's Ctrl-C reaches the whole process group); without the host, it ends.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
process.on('disconnect', () => process.exit(1));
