/**
 * What every answer of this endpoint must look like under faults and hostile input, and small helpers to get answers
 * with a hard upper bound on waiting (a hang fails the test instead of hitting jest's timeout).
 */
import * as http from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly body: unknown;
  /** Time to the complete answer, ms. */
  readonly ms: number;
}

/** Generous bound for "never hangs": retries and timeouts inside the endpoint are well below it. */
export const ANSWER_BOUND_MS = 15_000;

const parse = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

export interface SendOptions {
  /** A header given as an array is sent as that many header lines. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** Any bytes (not only UTF-8) as a Buffer. */
  readonly body?: string | Buffer;
  /** 'length' (default): Content-Length; 'chunked': Transfer-Encoding: chunked and no Content-Length. */
  readonly framing?: 'length' | 'chunked';
  readonly boundMs?: number;
}

/**
 * One HTTP request with the path sent exactly as given (no URL normalisation: `..`, `%2e`, raw unicode escapes stay
 * as they are) and exactly the header lines and body bytes given, failing if there is no complete answer within boundMs.
 */
export function send(baseUrl: string, method: string, path: string, opts: SendOptions = {}): Promise<Answer> {
  const base = new URL(baseUrl);
  const bound = opts.boundMs ?? ANSWER_BOUND_MS;
  const started = Date.now();
  const framing = opts.body === undefined ? {} : opts.framing === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(opts.body)) };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, method, path: `${base.pathname.replace(/\/$/, '')}/${path.replace(/^\//, '')}`, headers: { ...opts.headers, ...framing }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parse(text), ms: Date.now() - started });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${method} ${path}: no answer within ${bound} ms (the endpoint hangs)`));
    }, bound);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const STACK_OR_SECRET = /\bat \S+ \(|\bat \/|node_modules|\.[jt]s:\d+|eyJ[A-Za-z0-9_-]{10,}\.|-----BEGIN/;

/** Fabric's error body (errorCode, message, source, isPermanent), with no stack trace, path or token material. */
export function expectErrorBody(a: Answer): { errorCode: string; message: string; source: string; isPermanent: boolean } {
  const body = a.body as Record<string, unknown> | undefined;
  expect(body).toEqual(expect.objectContaining({ errorCode: expect.any(String), message: expect.any(String), source: expect.stringMatching(/^(User|System|External)$/), isPermanent: expect.any(Boolean) }));
  expect(a.text).not.toMatch(STACK_OR_SECRET);
  return body as { errorCode: string; message: string; source: string; isPermanent: boolean };
}

/** A dependency is down: 503, retryable (isPermanent false), Retry-After in whole seconds, never a 500. */
export function expectRetryable503(a: Answer, errorCode?: string): void {
  expect({ status: a.status, text: a.text }).toEqual({ status: 503, text: expect.any(String) });
  const body = expectErrorBody(a);
  expect(body.isPermanent).toBe(false);
  if (errorCode) expect(body.errorCode).toBe(errorCode);
  expect(String(a.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
}

/** Anything but a server error: a 5xx other than a retryable 503 is a bug, and no answer may carry a stack. */
export function expectNoServerError(a: Answer): void {
  if (a.status >= 500) expectRetryable503(a);
  expect(a.text).not.toMatch(STACK_OR_SECRET);
  if (a.status >= 400 && a.text !== '') expectErrorBody(a);
}

/** Polls fn every intervalMs until it returns a value (not undefined), or fails after timeoutMs. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
