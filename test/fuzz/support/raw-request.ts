/**
 * One HTTP request with exactly the bytes and header lines given: a body of any bytes (not only UTF-8), a header sent
 * several times (array value), and a body framed with Transfer-Encoding: chunked instead of Content-Length.
 */
import * as http from 'node:http';
import { ANSWER_BOUND_MS, type Answer } from '../../resilience/support/answers';

export interface RawRequest {
  readonly method: string;
  /** Under the base URL, sent as given. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: Buffer;
  /** 'length' (default): Content-Length; 'chunked': Transfer-Encoding: chunked and no Content-Length. */
  readonly framing?: 'length' | 'chunked';
}

export function sendRaw(baseUrl: string, r: RawRequest): Promise<Answer> {
  const base = new URL(baseUrl);
  const started = Date.now();
  const framing = r.body === undefined ? {} : r.framing === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(r.body.length) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method: r.method, path: `${base.pathname.replace(/\/$/, '')}/${r.path}`, headers: { ...r.headers, ...framing }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body, ms: Date.now() - started });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${r.method} ${r.path}: no answer within ${ANSWER_BOUND_MS} ms (the endpoint hangs)`));
    }, ANSWER_BOUND_MS);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}
