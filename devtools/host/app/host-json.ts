/**
 * The host.json options this host honours, read with the Functions host's defaults and its case-insensitive keys.
 * Pure: takes the parsed JSON, returns options or throws HostJsonError naming each bad option.
 */
import { parseLogLevel } from '../logger';
import type { RpcLogLevel } from '../core/types';
import { parseTimeSpan } from '../timespan';

export interface QueueOptions {
  /** Messages fetched per poll (host default 16, at most 32). */
  readonly batchSize: number;
  /** Fetch a new batch once in-flight messages drop to this many (host default batchSize / 2). */
  readonly newBatchThreshold: number;
  /** Longest wait between polls of an empty queue (host default 1 minute). */
  readonly maxPollingIntervalMs: number;
  /** How long a failed message stays invisible before it is retried (host default 0). */
  readonly visibilityTimeoutMs: number;
  /** Deliveries before a failing message goes to <queue>-poison (host default 5). */
  readonly maxDequeueCount: number;
  readonly messageEncoding: 'base64' | 'none';
}

export interface HostJsonOptions {
  readonly routePrefix: string;
  readonly functionTimeoutMs: number;
  readonly queues: QueueOptions;
  readonly functionLogLevel: RpcLogLevel;
  readonly hostLogLevel: RpcLogLevel;
}

export class HostJsonError extends Error {
  override readonly name = 'HostJsonError';
}

export const DEFAULT_FUNCTION_TIMEOUT_MS = 30 * 60 * 1000;
export const MIN_POLLING_INTERVAL_MS = 100;

/** Case-insensitive property lookup (the host binds configuration case-insensitively). */
export function prop(obj: unknown, key: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const hit = Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase());
  return hit === undefined ? undefined : (obj as Record<string, unknown>)[hit];
}

export function readHostJson(json: unknown): HostJsonOptions {
  const problems: string[] = [];
  const guard = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      problems.push((err as Error).message);
      return fallback;
    }
  };
  if (json !== undefined && (json === null || typeof json !== 'object' || Array.isArray(json))) throw new HostJsonError('host.json must contain a JSON object');
  const version = prop(json, 'version');
  if (json !== undefined && version !== '2.0') problems.push('host.json "version" must be "2.0"');

  const extensions = prop(json, 'extensions');
  const http = prop(extensions, 'http');
  const rawPrefix = prop(http, 'routePrefix');
  let routePrefix = 'api';
  if (rawPrefix !== undefined) {
    if (typeof rawPrefix !== 'string') problems.push('extensions.http.routePrefix must be a string');
    else routePrefix = rawPrefix.replace(/^\/+|\/+$/g, '');
  }

  const rawTimeout = prop(json, 'functionTimeout');
  const functionTimeoutMs = rawTimeout === undefined || rawTimeout === null || rawTimeout === '-1' ? DEFAULT_FUNCTION_TIMEOUT_MS : guard(() => parseTimeSpan(rawTimeout, 'functionTimeout'), DEFAULT_FUNCTION_TIMEOUT_MS);

  const q = prop(extensions, 'queues');
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = prop(q, name);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.push(`extensions.queues.${name} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return v;
  };
  const batchSize = int('batchSize', 16, 1, 32);
  const newBatchThreshold = int('newBatchThreshold', Math.floor(batchSize / 2), 0, 1000);
  const maxDequeueCount = int('maxDequeueCount', 5, 1, 1000);
  const span = (name: string, fallback: number): number => {
    const v = prop(q, name);
    return v === undefined ? fallback : guard(() => parseTimeSpan(v, `extensions.queues.${name}`), fallback);
  };
  const maxPollingIntervalMs = span('maxPollingInterval', 60_000);
  if (maxPollingIntervalMs < MIN_POLLING_INTERVAL_MS) problems.push(`extensions.queues.maxPollingInterval must be at least ${MIN_POLLING_INTERVAL_MS} ms`);
  const visibilityTimeoutMs = span('visibilityTimeout', 0);
  const rawEncoding = prop(q, 'messageEncoding') ?? 'base64';
  const encoding = typeof rawEncoding === 'string' ? rawEncoding.toLowerCase() : '';
  if (encoding !== 'base64' && encoding !== 'none') problems.push('extensions.queues.messageEncoding must be "base64" or "none"');

  const logLevel = prop(prop(json, 'logging'), 'logLevel');
  const defaultLevel = parseLogLevel(prop(logLevel, 'default'));
  const functionLogLevel = parseLogLevel(prop(logLevel, 'Function'), defaultLevel);
  const hostLogLevel = parseLogLevel(prop(logLevel, 'Host'), defaultLevel);

  if (problems.length > 0) throw new HostJsonError(`host.json is invalid:\n  - ${problems.join('\n  - ')}`);
  return {
    routePrefix,
    functionTimeoutMs,
    queues: { batchSize, newBatchThreshold, maxPollingIntervalMs: Math.max(maxPollingIntervalMs, MIN_POLLING_INTERVAL_MS), visibilityTimeoutMs, maxDequeueCount, messageEncoding: encoding === 'none' ? 'none' : 'base64' },
    functionLogLevel,
    hostLogLevel,
  };
}
