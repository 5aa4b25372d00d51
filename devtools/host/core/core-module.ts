/**
 * Provides the `@azure/functions-core` module the way the Node.js worker does: a Proxy on Module.prototype.require
 * that answers that one module name with the core API object. Must run before the app registers anything.
 */
import { Module } from 'node:module';
import { Disposable } from './disposable';
import type { AppRegistry } from './registry';
import type { FunctionCallback, FunctionMetadata, HookCallback, ProgrammingModel, RpcLogCategory, RpcLogLevel } from './types';

export const CORE_MODULE_NAME = '@azure/functions-core';
/** Reported as the worker version; the library only checks the presence of members, not versions. */
export const CORE_API_VERSION = '3.10.1';
export const HOST_VERSION = '4.1040.0';

export interface CoreApi {
  readonly version: string;
  readonly hostVersion: string;
  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable;
  registerHook(hookName: string, callback: HookCallback): Disposable;
  setProgrammingModel(model: ProgrammingModel): void;
  getProgrammingModel(): ProgrammingModel | undefined;
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
  readonly Disposable: typeof Disposable;
}

export function createCoreApi(registry: AppRegistry, log: (level: RpcLogLevel, category: RpcLogCategory, message: string) => void): CoreApi {
  return {
    version: CORE_API_VERSION,
    hostVersion: HOST_VERSION,
    registerFunction: (metadata, callback) => registry.registerFunction(metadata, callback),
    registerHook: (hookName, callback) => registry.registerHook(hookName, callback),
    setProgrammingModel: (model) => {
      registry.programmingModel = model;
    },
    getProgrammingModel: () => registry.programmingModel,
    log,
    Disposable,
  };
}

let installed: CoreApi | undefined;

/** Installs the require proxy once per process. A second host in the same process is refused (the app's modules are cached). */
export function installCoreModule(api: CoreApi): void {
  if (installed) throw new Error('@azure/functions-core is already provided in this process: run one app per worker process.');
  installed = api;
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, thisArg, args: unknown[]) {
      if (args[0] === CORE_MODULE_NAME) return installed;
      return Reflect.apply(target, thisArg, args);
    },
  });
}
