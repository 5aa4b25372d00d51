/**
 * Serves HTTP-triggered functions as the Functions host does: Kestrel's request limits (414/431), the first route in
 * the host's order, the body only when Content-Length announces one, the RPC request the host would send, then the
 * library's RPC response written back.
 * Unknown path or method → 404; body over the limit, failed or timed-out invocation → 500 with an empty body.
 */
import type * as http from 'node:http';
import type { RegisteredFunction } from '../core/registry';
import type { RpcHttpData, RpcInvocationResponse, RpcTypedData } from '../core/types';
import { serializeCookie } from './cookies';
import { requestLimitStatus } from './request-limits';
import { overlappingRoutes } from './route-overlap';
import { findRoute, orderRoutes, stripPrefix, type HttpRoute } from './route-table';
import { PathDecodeError, pathSegments } from './route-template';

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
  /** Host log warnings: routes that can overlap (at start-up), a request refused before invoking anything. */
  readonly warn?: (message: string) => void;
}

/** The body as the Functions host hands it over: read only when Content-Length announces one (never a chunked body). */
function readBody(req: http.IncomingMessage, length: number): Promise<Buffer> {
  if (length === 0) {
    req.resume();
    return Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Microsoft.Extensions.Primitives StringValues.ToString(): repeated values joined with ",", empty ones left out. */
export function joinValues(values: readonly string[]): string {
  return values.filter((v) => v !== '').join(',');
}

/** Every header once (lower-case names), repeated ones joined as Kestrel's header dictionary gives them to the host. */
export function headerRecord(distinct: NodeJS.Dict<string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(distinct).flatMap(([k, v]) => (v === undefined ? [] : [[k, joinValues(v)]])));
}

/** ASP.NET's query collection: names case-insensitive (the first spelling kept), repeated values joined. */
export function queryRecord(search: URLSearchParams): Record<string, string> {
  const byKey = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of search) {
    const entry = byKey.get(name.toLowerCase()) ?? { name, values: [] };
    entry.values.push(value);
    byKey.set(name.toLowerCase(), entry);
  }
  return Object.fromEntries([...byKey.values()].map((e) => [e.name, joinValues(e.values)]));
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

/** 1xx, 204 and 304 answers have no body and, as from Kestrel, no Content-Length (RFC 9110 §8.6 forbids it on 204). */
const bodiless = (status: number) => status < 200 || status === 204 || status === 304;

function send(res: http.ServerResponse, status: number, headers: Record<string, string | string[]> = {}, body?: Buffer): void {
  if (res.headersSent || res.destroyed) return;
  if (bodiless(status)) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-length': String(body?.length ?? 0) });
  res.end(body);
}

/** A request Kestrel refuses: the answer, then the connection closed. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number): void {
  send(res, status, { connection: 'close' });
  req.resume();
}

export function createHttpListener(options: HttpListenerOptions): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const routes = orderRoutes(options.routes);
  for (const [first, second] of overlappingRoutes(routes)) {
    options.warn?.(`The routes of '${first.name}' and '${second.name}' can match the same request: the Functions host gives it to '${first.name}', the first by function name`);
  }
  return async (req, res) => {
    const limitStatus = requestLimitStatus(req);
    if (limitStatus) return refuse(req, res, limitStatus);
    // Kestrel refuses a request with more than one Host header (Node would keep the first).
    if ((req.headersDistinct.host?.length ?? 0) > 1) return refuse(req, res, 400);
    const method = (req.method ?? 'GET').toUpperCase();
    const host = req.headers.host ?? options.fallbackHost();
    let url: URL;
    let segments: string[];
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
      segments = pathSegments(url.pathname);
    } catch (err) {
      if (err instanceof PathDecodeError || err instanceof TypeError) return refuse(req, res, 400);
      throw err;
    }
    const below = stripPrefix(segments, options.routePrefix);
    const match = below && findRoute(routes, method, below);
    if (!match) {
      req.resume();
      return send(res, 404);
    }
    const declared = req.headers['content-length'] === undefined ? 0 : Number(req.headers['content-length']);
    if (declared > options.maxBodyBytes) {
      // Kestrel throws when the host reads such a body; the host answers that failure with 500.
      options.warn?.(`Request body of ${declared} bytes for ${method} ${url.pathname} exceeds the limit of ${options.maxBodyBytes} bytes (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT): answered 500 without invoking '${match.route.name}', as the Functions host does`);
      return refuse(req, res, 500);
    }
    let body: Buffer;
    try {
      body = await readBody(req, declared);
    } catch {
      req.destroy();
      return;
    }
    const fn = match.route.target;
    const rpcHttp: RpcHttpData = {
      method,
      url: url.href,
      headers: headerRecord(req.headersDistinct),
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
