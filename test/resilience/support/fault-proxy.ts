/**
 * A fault-injecting HTTPS reverse proxy in front of a real local service (Azurite, the OneLake stand-in): requests
 * pass through unchanged (headers, bodies, shared-key and bearer auth) until the test cuts the dependency:
 * - 'pass': forward everything;
 * - 'down': every connection is reset (like a service that is gone), existing ones too;
 * - 'hang': connections are accepted and never answered (like a black-holed network).
 * Every forwarded request is recorded (method, path, status), so tests can count writes.
 */
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export type FaultMode = 'pass' | 'down' | 'hang';

export interface ProxiedRequest {
  readonly method: string;
  /** Decoded path without the query string. */
  readonly path: string;
  readonly status: number;
}

export interface FaultProxy {
  /** https://127.0.0.1:<port> (an IP host, as storage endpoints must be for the Functions host) */
  readonly origin: string;
  readonly requests: ProxiedRequest[];
  setMode(mode: FaultMode): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(options: { readonly target: string; readonly tls: { readonly key: string; readonly cert: string } }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const agent = new https.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const requests: ProxiedRequest[] = [];
  let mode: FaultMode = 'pass';

  const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === 'hang') return;
    const upstream = https.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
      (answer) => {
        requests.push({ method: req.method ?? 'GET', path: decodeURIComponent(new URL(req.url ?? '/', target).pathname), status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s: Socket) => {
    if (mode === 'down') {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    origin: `https://127.0.0.1:${port}`,
    requests,
    setMode: (next) => {
      mode = next;
      // Pooled keep-alive connections would otherwise keep working (or keep hanging) across the change.
      for (const s of sockets) s.destroy();
      if (next !== 'pass') agent.destroy();
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

