/**
 * Messages between the host and its language worker (a forked child process, as the Functions host runs the Node.js
 * worker; over node's IPC channel with structured-clone serialization, so body bytes stay Uint8Array).
 */
import type { RegisteredFunction } from '../core/registry';
import type { RpcInvocationRequest, RpcInvocationResponse } from '../core/types';
import type { LogEntry } from '../logger';

export type InvocationRequest = Omit<RpcInvocationRequest, 'invocationId' | 'functionId'>;

/** Host → worker. */
export type HostMessage =
  /** Load the app's entry points, run its appStart hooks, then answer `ready` (or `startFailed`). */
  | { readonly type: 'init'; readonly scriptRoot: string; readonly files: readonly string[]; readonly packageType?: string }
  | { readonly type: 'invoke'; readonly invocationId: string; readonly functionName: string; readonly request: InvocationRequest }
  /** Run the appTerminate hooks and exit. */
  | { readonly type: 'terminate' };

/** Worker → host. */
export type WorkerMessage =
  | { readonly type: 'log'; readonly entry: LogEntry }
  | { readonly type: 'ready'; readonly functions: readonly RegisteredFunction[] }
  | { readonly type: 'startFailed'; readonly message: string }
  /** `failure` is the host-log text of the error (the error itself stays in the worker). */
  | { readonly type: 'result'; readonly invocationId: string; readonly response?: RpcInvocationResponse; readonly failure?: string }
  /** The appTerminate hooks ran; the worker exits next. */
  | { readonly type: 'terminated' };
