/**
 * One GET of a JWKS document (docs/security.md, rules 6 and 8): bounded by a timeout covering headers and body,
 * no redirects followed, 200 + JSON required, body size capped. Every failure is a JwksFetchFailed with a short reason.
 */
import { JwksFetchFailed } from './errors';

export interface JwksFetchOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new JwksFetchFailed('document is too large');
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new JwksFetchFailed('document is too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  if (err instanceof JwksFetchFailed) return err.reason;
  const name = (err as { name?: unknown })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
  return 'network error';
}

/**
 * The GET itself. A connection error is retried once within the same time budget: a pooled keep-alive connection
 * the server has just closed fails with ECONNRESET before any answer, and the GET is idempotent.
 */
async function get(url: URL, signal: AbortSignal): Promise<Response> {
  const init: RequestInit = { method: 'GET', redirect: 'manual', signal, headers: { accept: 'application/json' } };
  try {
    return await fetch(url, init);
  } catch (err) {
    if (signal.aborted) throw err;
    return fetch(url, init);
  }
}

/** Fetches and parses the document; the caller decides which keys in it are usable. */
export async function fetchJwksDocument(url: URL, options: JwksFetchOptions): Promise<unknown> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const res = await get(url, signal);
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw new JwksFetchFailed(`answered HTTP ${res.status}`);
    }
    if (!/\bjson\b/i.test(res.headers.get('content-type') ?? '')) {
      await res.body?.cancel().catch(() => undefined);
      throw new JwksFetchFailed('answer is not JSON');
    }
    const text = await readCapped(res, options.maxBytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new JwksFetchFailed('answer is not valid JSON');
    }
  } catch (err) {
    throw err instanceof JwksFetchFailed ? err : new JwksFetchFailed(describe(err), { cause: err });
  }
}
