/**
 * What the app registered through `@azure/functions-core`: functions, hooks and the programming model.
 * Mirrors the worker's rules: functions only during start-up, unique names, known hook names only.
 */
import { randomUUID } from 'node:crypto';
import { Disposable } from './disposable';
import type { FunctionCallback, FunctionMetadata, HookCallback, HookData, HookName, ProgrammingModel, RpcBindingInfo } from './types';

export const HOOK_NAMES: readonly HookName[] = ['preInvocation', 'postInvocation', 'appStart', 'appTerminate', 'log'];

/** A function as the host indexes it (what the worker reports; plain data, sent between processes). */
export interface RegisteredFunction {
  readonly id: string;
  readonly name: string;
  readonly bindings: Record<string, RpcBindingInfo>;
  /** Name of the trigger binding (the generated `httpTrigger1a2b3c`-style name). */
  readonly triggerName: string;
  readonly trigger: RpcBindingInfo;
}

/** A function inside the worker: the indexed metadata and the app's handler. */
export interface AppFunction extends RegisteredFunction {
  readonly callback: FunctionCallback;
}

export class RegistrationError extends Error {
  override readonly name = 'RegistrationError';
}

export class AppRegistry {
  readonly functions: AppFunction[] = [];
  /** Shared by every hook of the app (appHookData in hook contexts). */
  readonly appHookData: HookData = {};
  /** hookData of appStart/appTerminate hooks. */
  readonly appLevelOnlyHookData: HookData = {};
  programmingModel?: ProgrammingModel;
  private readonly hooks = new Map<HookName, HookCallback[]>();
  private startupFinished = false;

  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    if (this.startupFinished) throw new RegistrationError('A function can only be registered during app startup.');
    const name = metadata?.name;
    if (typeof name !== 'string' || name === '') throw new RegistrationError('A function must have a name.');
    if (typeof callback !== 'function') throw new RegistrationError(`Function "${name}" has no handler.`);
    if (this.functions.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
      throw new RegistrationError(`Function names must be unique within an app: "${name}" is registered twice.`);
    }
    const entries = Object.entries(metadata.bindings ?? {});
    const triggers = entries.filter(([, b]) => typeof b.type === 'string' && /trigger$/i.test(b.type));
    if (triggers.length !== 1) throw new RegistrationError(`Function "${name}" must have exactly one trigger binding (found ${triggers.length}).`);
    const [triggerName, trigger] = triggers[0];
    const fn: AppFunction = { id: metadata.functionId ?? randomUUID(), name, bindings: metadata.bindings, triggerName, trigger, callback };
    this.functions.push(fn);
    return new Disposable(() => {
      if (this.startupFinished) throw new RegistrationError('A function can only be disposed during app startup.');
      this.functions.splice(this.functions.indexOf(fn), 1);
    });
  }

  registerHook(hookName: string, callback: HookCallback): Disposable {
    if (!(HOOK_NAMES as readonly string[]).includes(hookName)) {
      // The worker answers unknown hook names with a RangeError; the library relies on it for the "log" hook.
      const err = new RangeError(`Unrecognized hook "${hookName}"`) as RangeError & { isAzureFunctionsSystemError?: boolean };
      err.isAzureFunctionsSystemError = true;
      throw err;
    }
    if (typeof callback !== 'function') throw new RegistrationError(`Hook "${hookName}" needs a callback.`);
    const list = this.hooks.get(hookName as HookName) ?? [];
    list.push(callback);
    this.hooks.set(hookName as HookName, list);
    return new Disposable(() => {
      const i = list.indexOf(callback);
      if (i >= 0) list.splice(i, 1);
    });
  }

  hooksFor(hookName: HookName): readonly HookCallback[] {
    return [...(this.hooks.get(hookName) ?? [])];
  }

  /** After this, registrations throw (as under the worker once the app has loaded). */
  finishStartup(): void {
    this.startupFinished = true;
  }
}
