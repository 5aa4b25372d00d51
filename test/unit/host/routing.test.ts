import { createHttpRoute, findRoute, stripPrefix } from '../../../devtools/host/http/route-table';
import { matchRoute, parseRouteTemplate, pathSegments, RouteTemplateError } from '../../../devtools/host/http/route-template';

const match = (template: string, path: string) => matchRoute(parseRouteTemplate(template), pathSegments(path));

describe('route templates', () => {
  it('matches literals case-insensitively and decodes parameters per segment', () => {
    expect(match('workspaces/{ws}/items/{id}', '/Workspaces/a%20b/ITEMS/c%2Fd')).toEqual({ ws: 'a b', id: 'c/d' });
    expect(match('workspaces/{ws}', '/workspaces')).toBeUndefined();
    expect(match('workspaces/{ws}', '/workspaces/a/b')).toBeUndefined();
    expect(match('workspaces/{ws}', '/workspaces/a/')).toEqual({ ws: 'a' });
    expect(match('a/{b}', '/a//')).toBeUndefined();
  });

  it('keeps undecodable escapes as sent', () => {
    expect(match('x/{v}', '/x/%E0%A4%A')).toEqual({ v: '%E0%A4%A' });
  });

  it('supports optional parameters, defaults and catch-alls', () => {
    expect(match('opt/{name?}', '/opt')).toEqual({});
    expect(match('opt/{name?}', '/opt/x')).toEqual({ name: 'x' });
    expect(match('def/{page=1}', '/def')).toEqual({ page: '1' });
    expect(match('files/{*rest}', '/files/a/b%20c')).toEqual({ rest: 'a/b c' });
    expect(match('files/{**rest}', '/files')).toEqual({});
  });

  it('matches complex segments', () => {
    expect(match('dl/{name}.{ext}', '/dl/report.final.pdf')).toEqual({ name: 'report.final', ext: 'pdf' });
    expect(match('dl/v{version}', '/dl/V2')).toEqual({ version: '2' });
  });

  it('enforces inline constraints', () => {
    expect(match('g/{id:guid}', '/g/0b8a7e3c-4f1d-4a52-9c1e-2f7a5e6d8c90')).toBeDefined();
    expect(match('g/{id:guid}', '/g/nope')).toBeUndefined();
    expect(match('n/{n:int}', '/n/2147483647')).toBeDefined();
    expect(match('n/{n:int}', '/n/2147483648')).toBeUndefined();
    expect(match('n/{n:long:range(1,10)}', '/n/11')).toBeUndefined();
    expect(match('n/{n:long:range(1,10)}', '/n/10')).toBeDefined();
    expect(match('b/{b:bool}', '/b/TRUE')).toBeDefined();
    expect(match('s/{s:alpha:length(2,3)}', '/s/abcd')).toBeUndefined();
    expect(match('s/{s:minlength(2):maxlength(3)}', '/s/ab')).toBeDefined();
    expect(match('r/{code:regex(^[a-z]{{2}}\\d+$)}', '/r/ab12')).toBeDefined();
    expect(match('r/{code:regex(^[a-z]{{2}}\\d+$)}', '/r/a12')).toBeUndefined();
    expect(match('o/{v:int?}', '/o')).toEqual({});
    expect(match('o/{v:int?}', '/o/x')).toBeUndefined();
  });

  it('refuses invalid templates', () => {
    expect(() => parseRouteTemplate('a/{b:unknown}')).toThrow(RouteTemplateError);
    expect(() => parseRouteTemplate('a/{*rest}/b')).toThrow(/catch-all/);
    expect(() => parseRouteTemplate('a/{b?}/c')).toThrow(/optional/);
    expect(() => parseRouteTemplate('a/{b}/{B}')).toThrow(/more than once/);
    expect(() => parseRouteTemplate('a/{b')).toThrow(/unclosed/);
    expect(() => parseRouteTemplate('a/{b}{c}')).toThrow(/literal between/);
    expect(() => parseRouteTemplate('a//b')).toThrow(/empty segment/);
  });
});

describe('route table', () => {
  const routes = [
    createHttpRoute('byId', 'items/{id}', ['GET']),
    createHttpRoute('special', 'items/special', ['get']),
    createHttpRoute('post', 'items/{id}', ['POST']),
    createHttpRoute('catch', '{*all}', undefined),
    createHttpRoute('constrained', 'items/{id:int}', ['GET']),
  ];
  const target = (method: string, path: string) => findRoute(routes, method, pathSegments(path))?.route.target;

  it('prefers literal over constrained over plain parameters over catch-all', () => {
    expect(target('GET', '/items/special')).toBe('special');
    expect(target('GET', '/items/12')).toBe('constrained');
    expect(target('GET', '/items/abc')).toBe('byId');
    expect(target('GET', '/other/x')).toBe('catch');
  });

  it('filters by method before precedence', () => {
    expect(target('POST', '/items/special')).toBe('post');
    expect(target('DELETE', '/items/abc')).toBe('catch');
    expect(findRoute(routes.slice(0, 3), 'DELETE', ['items', 'abc'])).toBeUndefined();
  });

  it('strips the route prefix case-insensitively', () => {
    expect(stripPrefix(['API', 'x'], 'api')).toEqual(['x']);
    expect(stripPrefix(['v1', 'Custom', 'x'], 'v1/custom')).toEqual(['x']);
    expect(stripPrefix(['other'], 'api')).toBeUndefined();
    expect(stripPrefix(['x'], '')).toEqual(['x']);
  });
});
