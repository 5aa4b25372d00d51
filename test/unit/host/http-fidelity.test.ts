/** Pure parts of the local host's HTTP handling that follow the Functions host: route overlap, Kestrel limits, headers and query. */
import { headerRecord, joinValues, queryRecord } from '../../../devtools/host/http/listener';
import { MAX_REQUEST_HEADER_COUNT, MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_LINE_BYTES, requestLimitStatus } from '../../../devtools/host/http/request-limits';
import { routesOverlap } from '../../../devtools/host/http/route-overlap';
import { createHttpRoute } from '../../../devtools/host/http/route-table';

describe('route overlap', () => {
  const overlap = (a: string, b: string, ma?: string[], mb?: string[]) => routesOverlap(createHttpRoute('a', 'a', a, ma), createHttpRoute('b', 'b', b, mb));

  it('finds a path both templates match', () => {
    expect(overlap('y/special', 'y/{id}')).toBe(true);
    expect(overlap('Y/Special', 'y/SPECIAL')).toBe(true);
    expect(overlap('{*rest}', 'a/b/c')).toBe(true);
    expect(overlap('a/{*rest}', 'a')).toBe(true);
    expect(overlap('a/{b?}', 'a')).toBe(true);
    expect(overlap('a/{b=1}/{c?}', 'a/x')).toBe(true);
    expect(overlap('a/{x}/b', 'a/{y}/b')).toBe(true);
    expect(overlap('n/{id:int}', 'n/12')).toBe(true);
    expect(overlap('f/{name}.{ext}', 'f/a.txt')).toBe(true);
  });

  it('tells disjoint templates apart', () => {
    expect(overlap('y/special', 'y/other')).toBe(false);
    expect(overlap('a/{b}', 'a/{b}/c')).toBe(false);
    expect(overlap('a/{b?}', 'a/x/y')).toBe(false);
    expect(overlap('n/{id:int}', 'n/abc')).toBe(false);
    expect(overlap('f/{name}.{ext}', 'f/noext')).toBe(false);
    expect(overlap('a/{*rest}', 'b/{*rest}')).toBe(false);
  });

  it('needs a method both accept (none listed: every method)', () => {
    expect(overlap('x/{id}', 'x/{id}', ['GET'], ['POST'])).toBe(false);
    expect(overlap('x/{id}', 'x/{id}', ['GET', 'POST'], ['post'])).toBe(true);
    expect(overlap('x/{id}', 'x/{id}', undefined, ['DELETE'])).toBe(true);
  });
});

describe('Kestrel request limits', () => {
  const req = (url: string, headers: [string, string][] = []) => ({ method: 'GET', url, httpVersion: '1.1', rawHeaders: headers.flat() });
  const lineOverhead = 'GET  HTTP/1.1\r\n'.length;
  // Every header line counts "Name: value\r\n".
  const header = (bytes: number): [string, string] => ['x-big', 'v'.repeat(bytes - 'x-big: \r\n'.length)];

  it('answers 414 for a request line over 8 KB, with its CRLF', () => {
    expect(requestLimitStatus(req('/' + 'q'.repeat(MAX_REQUEST_LINE_BYTES - lineOverhead - 1)))).toBeUndefined();
    expect(requestLimitStatus(req('/' + 'q'.repeat(MAX_REQUEST_LINE_BYTES - lineOverhead)))).toBe(414);
    expect(requestLimitStatus(req(`/api/x?q=${'a'.repeat(10 * 1024)}`))).toBe(414);
  });

  it('answers 431 for headers over 32 KB in total or over 100 in number, and accepts a 20 KB header', () => {
    expect(requestLimitStatus(req('/', [header(20 * 1024)]))).toBeUndefined();
    expect(requestLimitStatus(req('/', [header(MAX_REQUEST_HEADERS_BYTES)]))).toBeUndefined();
    expect(requestLimitStatus(req('/', [header(MAX_REQUEST_HEADERS_BYTES + 1)]))).toBe(431);
    const many = (n: number) => Array.from({ length: n }, (_, i): [string, string] => [`h${i}`, 'v']);
    expect(requestLimitStatus(req('/', many(MAX_REQUEST_HEADER_COUNT)))).toBeUndefined();
    expect(requestLimitStatus(req('/', many(MAX_REQUEST_HEADER_COUNT + 1)))).toBe(431);
  });
});

describe('headers and query as the host passes them', () => {
  it('joins repeated values with "," and leaves empty ones out (StringValues.ToString)', () => {
    expect(joinValues(['a', 'b'])).toBe('a,b');
    expect(joinValues(['', 'b', ''])).toBe('b');
    expect(joinValues([''])).toBe('');
    expect(headerRecord({ authorization: ['Bearer a', 'Bearer b'], cookie: ['x=1', 'y=2'], 'x-empty': [''] })).toEqual({ authorization: 'Bearer a,Bearer b', cookie: 'x=1,y=2', 'x-empty': '' });
    const odd = headerRecord(JSON.parse('{"__proto__":["x"]}') as NodeJS.Dict<string[]>);
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(Object.keys(odd)).toEqual(['__proto__']);
  });

  it('merges query names case-insensitively, keeping the first spelling', () => {
    expect(queryRecord(new URLSearchParams('A=1&a=2&b=&b=3&c=x+y&flag'))).toEqual({ A: '1,2', b: '3', c: 'x y', flag: '' });
  });
});
