import { redact } from './redact';

export type LogProps = Readonly<Record<string, string | number | boolean | undefined>>;

/** Structured logger: one message plus flat properties. Every string is passed through redact(). */
export interface Logger {
  info(message: string, props?: LogProps): void;
  warn(message: string, props?: LogProps): void;
  error(message: string, props?: LogProps): void;
}

interface LogSink {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

function format(message: string, props?: LogProps): string {
  const clean: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(props ?? {})) if (v !== undefined) clean[k] = typeof v === 'string' ? redact(v) : v;
  return Object.keys(clean).length ? `${redact(message)} ${JSON.stringify(clean)}` : redact(message);
}

/** Logger over an InvocationContext (ctx.log/warn/error) or the console. */
export function createLogger(sink: LogSink, base?: LogProps): Logger {
  const merge = (p?: LogProps): LogProps | undefined => (base ? { ...base, ...p } : p);
  return {
    info: (m, p) => sink.log(format(m, merge(p))),
    warn: (m, p) => sink.warn(format(m, merge(p))),
    error: (m, p) => sink.error(format(m, merge(p))),
  };
}

/** How many errors of a cause chain a log line describes. */
const MAX_CAUSES = 4;

/**
 * Describes any thrown value for a log line: name, code, status and message, then its causes (`Error.cause`),
 * each redacted; no stack. Other values are described by their JSON.
 */
export function describeError(err: unknown): string {
  const parts = [redact(describeOne(err))];
  let cause = err instanceof Error ? err.cause : undefined;
  while (cause !== undefined && cause !== null && parts.length < MAX_CAUSES) {
    parts.push(redact(describeOne(cause)));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.join(' <- caused by: ');
}

function describeOne(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const status = (err as { statusCode?: unknown; status?: unknown }).statusCode ?? (err as { status?: unknown }).status;
    return `${err.name}${code ? ` ${String(code)}` : ''}${status ? ` (${String(status)})` : ''}: ${err.message}`;
  }
  if (typeof err !== 'object') return String(err);
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
