/**
 * The lifecycle every local stand-in server shares (Entra ID, Key Vault, managed identity, Fabric API): listen on
 * loopback over HTTP or HTTPS, answer 500 with an empty body if a handler throws, stop without waiting for idle
 * keep-alive connections.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface LocalServerOptions {
  /** Serve HTTPS with this certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
  readonly port?: number;
  readonly host?: string;
}

export interface LocalServer {
  /** `http(s)://localhost:<port>` */
  readonly origin: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function listenLocal(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>, options: LocalServerOptions = {}): Promise<LocalServer> {
  const listener: http.RequestListener = (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    origin: `${options.tls ? 'https' : 'http'}://localhost:${port}`,
    port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}
