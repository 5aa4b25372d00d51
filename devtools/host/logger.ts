/**
 * The host log: one line per entry, `[timestamp] message`, like `func start`. Levels below the host.json
 * threshold are dropped; warnings and errors are marked. Errors go to stderr, the rest to stdout.
 */
import type { RpcLogCategory, RpcLogLevel } from './core/types';

const ORDER: Record<RpcLogLevel, number> = { trace: 0, debug: 1, information: 2, warning: 3, error: 4, critical: 5, none: 6 };

export interface LogEntry {
  readonly level: RpcLogLevel;
  readonly category: RpcLogCategory;
  readonly message: string;
  readonly functionName?: string;
  readonly invocationId?: string;
}

export type LogSink = (line: string, isError: boolean) => void;

export interface HostLogger {
  log(entry: LogEntry): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export const consoleSink: LogSink = (line, isError) => (isError ? process.stderr : process.stdout).write(`${line}\n`);

/** Maps host.json / .NET level names (Information, Warning, None, ...) to the worker's levels. */
export function parseLogLevel(value: unknown, fallback: RpcLogLevel = 'information'): RpcLogLevel {
  if (typeof value !== 'string') return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'info') return 'information';
  if (v === 'warn') return 'warning';
  return v in ORDER ? (v as RpcLogLevel) : fallback;
}

export function isEnabled(level: RpcLogLevel, threshold: RpcLogLevel): boolean {
  return level !== 'none' && ORDER[level] >= ORDER[threshold];
}

/**
 * One line the language worker wrote to stdout or stderr (the app's console output outside an invocation's log), as
 * the Functions host logs it: stdout is information; on stderr a line naming "warn" is a warning, one naming "error",
 * "fail", "severe" or "unhandled exception" an error, anything else information.
 */
export function workerConsoleEntry(line: string, stream: 'stdout' | 'stderr'): LogEntry {
  const level: RpcLogLevel =
    stream === 'stdout' ? 'information' : /warn/i.test(line) ? 'warning' : /error|fail|severe|unhandled exception/i.test(line) ? 'error' : 'information';
  return { level, category: 'system', message: line };
}

export function formatLogLine(entry: LogEntry, now: Date): string {
  const mark = entry.level === 'warning' ? 'Warning: ' : entry.level === 'error' || entry.level === 'critical' ? 'Error: ' : '';
  return `[${now.toISOString()}] ${mark}${entry.message}`;
}

export function createLogger(options: { readonly functionLevel: RpcLogLevel; readonly hostLevel: RpcLogLevel; readonly sink?: LogSink }): HostLogger {
  const sink = options.sink ?? consoleSink;
  const write = (entry: LogEntry) => {
    const threshold = entry.category === 'user' ? options.functionLevel : options.hostLevel;
    if (!isEnabled(entry.level, threshold)) return;
    sink(formatLogLine(entry, new Date()), entry.level === 'error' || entry.level === 'critical');
  };
  return {
    log: write,
    info: (message) => write({ level: 'information', category: 'system', message }),
    warn: (message) => write({ level: 'warning', category: 'system', message }),
    error: (message) => write({ level: 'error', category: 'system', message }),
    debug: (message) => write({ level: 'debug', category: 'system', message }),
  };
}
