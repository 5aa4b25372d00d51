/**
 * Serves HTTP-triggered functions: finds the route, reads the body (bounded), builds the RPC request the host
 * would send, invokes the function and writes the library's RPC response back.
 * Unknown path or method → 404 (as the Functions host); failed or timed-out invocation → 500 with an empty body.
 */
import type * as http from 'node:http';
import type { RegisteredFunction } from '../core/registry';
import type { RpcHttpData, RpcInvocationResponse, RpcTypedData } from '../core/types';
import { serializeCookie } from './cookies';
import { findRoute, stripPrefix, type HttpRoute } from './route-table';
import { pathSegments } from './route-template';

/** The Functions host's default request body limit (104857600 bytes). */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;

export type Invoker = (fn: RegisteredFunction, request: { inputData: { name: string; data: RpcTypedData }[]; triggerMetadata: Record<string, RpcTypedData> }, reason: string) => Promise<RpcInvocationResponse>;

export interface HttpListenerOptions {
  readonly routes: readonly HttpRoute<RegisteredFunction>[];
  readonly routePrefix: string;
  readonly maxBodyBytes: number;
  readonly invoke: Invoker;
  /** Origin used to build request URLs when the client sent no Host header. */
  readonly fallbackHost: () => string;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerRecord(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function queryRecord(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(search.keys())) out[key] = search.getAll(key).join(',');
  return out;
}

export function bodyBytes(data: RpcTypedData | null | undefined): Buffer {
  if (!data) return Buffer.alloc(0);
  if (data.bytes) return Buffer.from(data.bytes);
  if (typeof data.string === 'string') return Buffer.from(data.string, 'utf8');
  if (typeof data.json === 'string') return Buffer.from(data.json, 'utf8');
  if (data.int !== undefined && data.int !== null) return Buffer.from(String(data.int));
  if (data.double !== undefined && data.double !== null) return Buffer.from(String(data.double));
  return Buffer.alloc(0);
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string | string[]> = {}, body?: Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-length': String(body?.length ?? 0) });
  res.end(body);
}

export function createHttpListener(options: HttpListenerOptions): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const host = req.headers.host ?? options.fallbackHost();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      return send(res, 400);
    }
    const below = stripPrefix(pathSegments(url.pathname), options.routePrefix);
    const match = below && findRoute(options.routes, method, below);
    if (!match) {
      req.resume();
      return send(res, 404);
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        send(res, 413, { connection: 'close' });
        req.destroy();
        return;
      }
      req.destroy();
      return;
    }
    const fn = match.route.target;
    const rpcHttp: RpcHttpData = {
      method,
      url: url.href,
      headers: headerRecord(req),
      query: queryRecord(url.searchParams),
      params: match.params,
      body: body.length > 0 ? { bytes: body } : undefined,
    };
    let response: RpcInvocationResponse;
    try {
      response = await options.invoke(fn, { inputData: [{ name: fn.triggerName, data: { http: rpcHttp } }], triggerMetadata: {} }, 'This function was programmatically called via the host APIs.');
    } catch {
      // The host logs the failure (see invoke); the caller gets a bare 500, never the error.
      return send(res, 500);
    }
    const out = response.returnValue?.http;
    if (!out) return send(res, 204);
    const status = Number(out.statusCode ?? 200);
    const headers: Record<string, string | string[]> = { ...(out.headers ?? {}) };
    const cookies = (out.cookies ?? []).map(serializeCookie);
    if (cookies.length > 0) {
      const existing = headers['set-cookie'];
      headers['set-cookie'] = [...(existing === undefined ? [] : ([] as string[]).concat(existing)), ...cookies];
    }
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    send(res, Number.isInteger(status) && status >= 100 && status <= 999 ? status : 500, headers, bodyBytes(out.body));
  };
}
