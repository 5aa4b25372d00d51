/**
 * The local function host. As the Functions host does, it runs the app in a language worker, a child process
 * (worker/worker.ts) that loads the compiled app through `@azure/functions`' own invocation path (by providing
 * `@azure/functions-core`). The host owns the HTTP listener (triggers under the host.json route prefix) and the queue
 * listeners, passes each invocation to the worker, enforces functionTimeout and restarts the worker after a timeout
 * or a crash (worker/dispatcher.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { RegisteredFunction } from './core/registry';
import { readHostJson, type HostJsonOptions } from './app/host-json';
import { mergeSettings, readLocalSettings } from './app/local-settings';
import { readPackageInfo, resolveEntryPoints } from './app/entry-points';
import { createHttpListener, DEFAULT_MAX_BODY_BYTES } from './http/listener';
import { NODE_MAX_HEADER_BYTES } from './http/request-limits';
import { createHttpRoute, type HttpRoute } from './http/route-table';
import { createLogger, type LogSink } from './logger';
import { createQueueServiceClient, resolveQueueConnection } from './queues/connection';
import { QueueListener } from './queues/listener';
import { FunctionDispatcher, type InvokeOptions } from './worker/dispatcher';
import type { InvocationRequest } from './worker/protocol';
import { WorkerStartError } from './worker/worker-process';

export interface FunctionHostOptions {
  /** The app directory: host.json, package.json and local.settings.json are read from here (default: cwd). */
  readonly scriptRoot?: string;
  /** Entry module glob, overriding package.json "main" (relative to scriptRoot, or absolute). */
  readonly main?: string;
  /** 0 picks a free port. Default: PORT, then local.settings.json Host.LocalHttpPort, then 7071. */
  readonly port?: number;
  /** Default 127.0.0.1 (never exposed beyond this machine by default). */
  readonly hostname?: string;
  /** App settings; local.settings.json Values fill what is missing. Default: process.env. Copied into process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Read local.settings.json from scriptRoot (default true; tests turn it off for a reproducible environment). */
  readonly localSettings?: boolean;
  /** Request body limit (default: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, else 100 MB, as the Functions host; larger → 500). */
  readonly maxBodyBytes?: number;
  /** Upper bound for one HTTP invocation (default 230 s, Azure's front-end limit, or host.json functionTimeout if lower). */
  readonly httpTimeoutMs?: number;
  /** Lease of received queue messages (default 10 minutes, as the host). */
  readonly queueLeaseMs?: number;
  readonly logSink?: LogSink;
}

export interface FunctionSummary {
  readonly name: string;
  readonly trigger: string;
  /** HTTP: "[GET,POST] http://127.0.0.1:7071/api/route"; queue: the queue name; else why it is in error. */
  readonly detail: string;
  /** Could not be indexed (bad route template, unknown queue connection, ...): logged and not run. */
  readonly inError?: boolean;
}

export interface FunctionHost {
  /** http://127.0.0.1:<port>/<routePrefix> */
  readonly baseUrl: string;
  readonly port: number;
  readonly functions: readonly FunctionSummary[];
  readonly hostJson: HostJsonOptions;
  /** Names of the functions running now, one per invocation. */
  running(): string[];
  /**
   * Restarts the app, as the Functions host restarts when the app's files change: queue polling stops, in-flight work
   * gets `drainMs` (default 2 s) to finish and then fails, the worker ends, a new worker loads the app from disk and its
   * functions are indexed again. The listener and its port stay; requests arriving meanwhile wait for the new app.
   * Rejects if the new app cannot be loaded (the host then answers 503 until a reload succeeds).
   */
  reload(options?: { drainMs?: number }): Promise<readonly FunctionSummary[]>;
  stop(): Promise<void>;
}

/** How long a reload lets in-flight invocations finish before it abandons them. */
export const RELOAD_DRAIN_MS = 2_000;

interface LoadedApp {
  readonly dispatcher: FunctionDispatcher;
  readonly listeners: readonly QueueListener[];
  readonly functions: readonly FunctionSummary[];
  readonly handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
}

/** The language worker's Node options: the languageWorkers:node:arguments app setting, as the Functions host reads it. */
export function workerArguments(settings: Readonly<Record<string, string | undefined>>): string[] {
  const value = settings.languageWorkers__node__arguments ?? settings['languageWorkers:node:arguments'] ?? '';
  return value.split(/\s+/).filter((a) => a !== '');
}

/** Waits for p, but never longer than ms. */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(t);
      resolve();
    };
    p.then(done, done);
  });
}

export class HostStartupError extends Error {
  override readonly name = 'HostStartupError';
}

/** Binding expressions `%SettingName%` resolve from app settings, as in the Functions host. */
export function resolveSettingExpression(value: string, settings: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/%([^%]+)%/g, (_m, name: string) => {
    const v = settings[name];
    if (v === undefined || v === '') throw new HostStartupError(`The app setting "${name}" used in "${value}" is not set`);
    return v;
  });
}

/** Azure's front end closes HTTP requests after 230 s; the local host applies the same upper bound. */
export const DEFAULT_HTTP_TIMEOUT_MS = 230_000;

function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HostStartupError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export async function startFunctionHost(options: FunctionHostOptions = {}): Promise<FunctionHost> {
  const scriptRoot = resolve(options.scriptRoot ?? process.cwd());
  const hostJsonRaw = readJsonFile(join(scriptRoot, 'host.json'));
  if (hostJsonRaw === undefined) throw new HostStartupError(`No host.json in ${scriptRoot}: is this a Functions app directory?`);
  const hostJson = readHostJson(hostJsonRaw);
  const local = readLocalSettings(options.localSettings === false ? undefined : readJsonFile(join(scriptRoot, 'local.settings.json')));
  const settings = mergeSettings(options.env ?? process.env, local);
  const logger = createLogger({ functionLevel: hostJson.functionLogLevel, hostLevel: hostJson.hostLogLevel, sink: options.logSink });

  // Listen first so that the app sees its own address (WEBSITE_HOSTNAME, as Core Tools sets it); requests wait for readiness.
  let ready = false;
  const inFlight = new Set<Promise<void>>();
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined;
  // While the host restarts (reload()), requests wait for it, as the Functions host delays them until it is running.
  let reloading: Promise<readonly FunctionSummary[]> | undefined;
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!ready || !handle) {
      res.writeHead(503, { 'retry-after': '1', 'content-length': '0' }).end();
      return;
    }
    const p = handle(req, res).catch((err: unknown) => {
      logger.error(`Unhandled error serving ${req.method} ${req.url}: ${(err as Error)?.message ?? String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-length': '0' });
      res.end();
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const server = http.createServer({ maxHeaderSize: NODE_MAX_HEADER_BYTES }, (req, res) => {
    if (reloading) void reloading.then(() => serve(req, res), () => serve(req, res));
    else serve(req, res);
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  const portSetting = options.port ?? (settings.PORT !== undefined && settings.PORT !== '' ? Number(settings.PORT) : local.localHttpPort ?? 7071);
  if (!Number.isInteger(portSetting) || portSetting < 0 || portSetting > 65535) throw new HostStartupError(`PORT must be a port number (got "${settings.PORT}")`);
  const hostname = options.hostname ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(new HostStartupError(err.code === 'EADDRINUSE' ? `Port ${portSetting} is in use: set PORT to another port (or 0 for any free port)` : err.message)));
    server.listen(portSetting, hostname, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${hostname}:${port}`;
  const baseUrl = hostJson.routePrefix ? `${origin}/${hostJson.routePrefix}` : origin;

  settings.WEBSITE_HOSTNAME ??= `localhost:${port}`;
  for (const [k, v] of Object.entries(settings)) if (process.env[k] === undefined) process.env[k] = v;
  const bodyLimitSetting = settings.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT;
  const maxBodyBytes = options.maxBodyBytes ?? (bodyLimitSetting ? Number(bodyLimitSetting) : DEFAULT_MAX_BODY_BYTES);
  const httpTimeoutMs = Math.min(options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS, hostJson.functionTimeoutMs);

  /** Starts a worker with the app as it is on disk now and indexes its functions (queue listeners not started yet). */
  const loadApp = async (): Promise<LoadedApp> => {
    const listeners: QueueListener[] = [];
    let dispatcher: FunctionDispatcher | undefined;
    try {
      const pkg = readPackageInfo(scriptRoot);
      const files = resolveEntryPoints(options.main ?? pkg.main, scriptRoot);
      // The worker sees the app settings as its environment (as the host passes them to the language worker).
      dispatcher = new FunctionDispatcher({ scriptRoot, files, packageType: pkg.type, env: { ...process.env }, execArgv: workerArguments(settings), logger });
      const indexed = await dispatcher.start().catch((err: unknown) => {
        throw err instanceof WorkerStartError ? new HostStartupError(err.message) : err;
      });

      const routes: HttpRoute<RegisteredFunction>[] = [];
      const functions: FunctionSummary[] = [];
      // As in the Functions host, a function that cannot be indexed is "in error": it is logged and left out, the others run.
      const inError = (fn: RegisteredFunction, reason: string) => {
        logger.error(`The '${fn.name}' function is in error: ${reason}`);
        functions.push({ name: fn.name, trigger: String(fn.trigger.type), detail: `in error: ${reason}`, inError: true });
      };
      const workers = dispatcher;
      const run = (limits: Omit<InvokeOptions, 'reason'>) => (fn: RegisteredFunction, request: InvocationRequest, reason: string) => workers.invoke(fn, request, { ...limits, reason });

      for (const fn of indexed) {
        const type = String(fn.trigger.type);
        if (type.toLowerCase() === 'httptrigger') {
          const template = typeof fn.trigger.route === 'string' && fn.trigger.route !== '' ? fn.trigger.route : fn.name;
          const methods = Array.isArray(fn.trigger.methods) ? (fn.trigger.methods as string[]) : undefined;
          try {
            const route = createHttpRoute(fn, fn.name, template, methods);
            routes.push(route);
            functions.push({ name: fn.name, trigger: type, detail: `[${route.methods?.join(',') ?? 'ANY'}] ${baseUrl}/${template.replace(/^\/+/, '')}` });
          } catch (err) {
            inError(fn, (err as Error).message);
          }
        } else if (type.toLowerCase() === 'queuetrigger') {
          let queueName: string;
          let connection: string | undefined;
          try {
            queueName = resolveSettingExpression(String(fn.trigger.queueName ?? ''), settings);
            connection = fn.trigger.connection === undefined ? undefined : resolveSettingExpression(String(fn.trigger.connection), settings);
          } catch (err) {
            inError(fn, (err as Error).message);
            continue;
          }
          if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(queueName)) {
            inError(fn, `"${queueName}" is not a valid queue name (3-63 lower-case letters, digits and single hyphens)`);
            continue;
          }
          try {
            const client = createQueueServiceClient(resolveQueueConnection(settings, connection));
            listeners.push(
              new QueueListener({
                fn,
                queue: client.getQueueClient(queueName),
                poisonQueue: client.getQueueClient(`${queueName}-poison`),
                options: hostJson.queues,
                invoke: run({ timeoutMs: hostJson.functionTimeoutMs, restartOnTimeout: true }),
                logger,
                leaseMs: options.queueLeaseMs,
              }),
            );
            functions.push({ name: fn.name, trigger: type, detail: queueName });
          } catch (err) {
            inError(fn, (err as Error).message);
          }
        } else {
          logger.warn(`Function "${fn.name}" has a ${type} trigger, which the local host does not run; it is skipped (use \`func start\`).`);
        }
        if (fn.bindings && Object.values(fn.bindings).some((b) => b.direction === 'out' && String(b.type).toLowerCase() !== 'http' && b !== fn.trigger)) {
          logger.warn(`Function "${fn.name}" has output bindings other than HTTP; the local host ignores them.`);
        }
      }

      if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) throw new HostStartupError('FUNCTIONS_REQUEST_BODY_SIZE_LIMIT must be a number of bytes');
      // Only host.json functionTimeout restarts the worker; the shorter front-end limit just fails the request.
      const httpRun = run({ timeoutMs: httpTimeoutMs, restartOnTimeout: httpTimeoutMs >= hostJson.functionTimeoutMs });
      const handler = createHttpListener({ routes, routePrefix: hostJson.routePrefix, maxBodyBytes, invoke: httpRun, fallbackHost: () => `${hostname}:${port}`, warn: (m) => logger.warn(m) });
      return { dispatcher, listeners, functions, handle: handler };
    } catch (err) {
      await Promise.all(listeners.map((l) => l.stop()));
      await dispatcher?.stop();
      throw err;
    }
  };

  /** Stops an app: no new queue messages, in-flight work gets `drainMs` to finish, then the worker ends. */
  const unloadApp = async (app: LoadedApp, drainMs: number): Promise<void> => {
    const drained = Promise.all([...app.listeners.map((l) => l.stop()), Promise.allSettled([...inFlight])]);
    if (Number.isFinite(drainMs)) await within(drained, drainMs);
    else await drained;
    await app.dispatcher.stop(new Error('The host is restarting; the invocation was not finished'));
    await drained;
  };

  let current: LoadedApp;
  try {
    current = await loadApp();
  } catch (err) {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    throw err;
  }
  handle = current.handle;
  for (const l of current.listeners) l.start();
  ready = true;

  let stopping: Promise<void> | undefined;
  return {
    baseUrl,
    port,
    get functions() {
      return current.functions;
    },
    hostJson,
    running: () => current.dispatcher.running(),
    reload: ({ drainMs = RELOAD_DRAIN_MS } = {}) =>
      (reloading ??= (async () => {
        if (stopping) throw new HostStartupError('The host is stopping');
        logger.info('Restarting the host: the app changed.');
        ready = false;
        try {
          await unloadApp(current, drainMs);
          current = await loadApp();
          handle = current.handle;
          for (const l of current.listeners) l.start();
          ready = true;
          logger.info('Host restarted.');
          return current.functions;
        } finally {
          reloading = undefined;
        }
      })()),
    stop: () =>
      (stopping ??= (async () => {
        await reloading?.catch(() => undefined);
        ready = false;
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections();
        await unloadApp(current, Infinity);
        server.closeAllConnections();
        await closed;
      })()),
  };
}
