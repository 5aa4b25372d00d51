/**
 * Kestrel's request limits, as the Functions host runs Kestrel (its defaults; the host only raises the body limit):
 * request line at most 8 KB (else 414), request headers at most 32 KB in total and 100 in number (else 431).
 * Node's own parser limit is set well above them so that these checks, not Node, decide. Pure.
 */
import type * as http from 'node:http';

/** KestrelServerLimits.MaxRequestLineSize: method, target and version, with the CRLF. */
export const MAX_REQUEST_LINE_BYTES = 8 * 1024;
/** KestrelServerLimits.MaxRequestHeadersTotalSize: every header line with its CRLF. */
export const MAX_REQUEST_HEADERS_BYTES = 32 * 1024;
/** KestrelServerLimits.MaxRequestHeaderCount. */
export const MAX_REQUEST_HEADER_COUNT = 100;
/** For http.createServer({ maxHeaderSize }): above Kestrel's request line and headers together. */
export const NODE_MAX_HEADER_BYTES = 64 * 1024;

/** The status Kestrel answers before any routing when the request line or headers exceed its limits, else undefined. */
export function requestLimitStatus(req: Pick<http.IncomingMessage, 'method' | 'url' | 'httpVersion' | 'rawHeaders'>): 414 | 431 | undefined {
  const line = `${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}\r\n`;
  if (Buffer.byteLength(line, 'latin1') > MAX_REQUEST_LINE_BYTES) return 414;
  const raw = req.rawHeaders;
  if (raw.length / 2 > MAX_REQUEST_HEADER_COUNT) return 431;
  let total = 0;
  // Node keeps no whitespace around values: each line is counted as clients write it, "Name: value\r\n".
  for (let i = 0; i + 1 < raw.length; i += 2) total += Buffer.byteLength(raw[i], 'latin1') + 2 + Buffer.byteLength(raw[i + 1], 'latin1') + 2;
  return total > MAX_REQUEST_HEADERS_BYTES ? 431 : undefined;
}
