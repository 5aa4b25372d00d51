import { compareOrdinalIgnoreCase, createHttpRoute, findRoute, orderRoutes, stripPrefix } from '../../../devtools/host/http/route-table';
import { decodePath, matchRoute, parseRouteTemplate, PathDecodeError, pathSegments, RouteTemplateError } from '../../../devtools/host/http/route-template';

const match = (template: string, path: string) => matchRoute(parseRouteTemplate(template), pathSegments(path));

describe('route templates', () => {
  it('matches literals case-insensitively and decodes parameters per segment, except %2F (as Kestrel)', () => {
    expect(match('workspaces/{ws}/items/{id}', '/Workspaces/a%20b/ITEMS/c%2Fd')).toEqual({ ws: 'a b', id: 'c%2Fd' });
    expect(match('workspaces/{ws}/items/{id}', '/workspaces/w/items/c%2fd%252F')).toEqual({ ws: 'w', id: 'c%2fd%2F' });
    expect(match('files/{*rest}', '/files/a%2Fb/c%C3%A9')).toEqual({ rest: 'a%2Fb/cé' });
    expect(match('workspaces/{ws}', '/workspaces')).toBeUndefined();
    expect(match('workspaces/{ws}', '/workspaces/a/b')).toBeUndefined();
    expect(match('workspaces/{ws}', '/workspaces/a/')).toEqual({ ws: 'a' });
    expect(match('a/{b}', '/a//')).toBeUndefined();
  });

  it('keeps escapes that are not UTF-8 as sent, decoding the valid ones around them (as Kestrel)', () => {
    expect(match('x/{v}', '/x/%E0%A4%A')).toEqual({ v: '%E0%A4%A' });
    expect(decodePath('%E0%41%C3%A9')).toBe('%E0Aé');
    expect(decodePath('%C0%AF')).toBe('%C0%AF'); // overlong "/"
    expect(decodePath('%ED%A0%80')).toBe('%ED%A0%80'); // a UTF-16 surrogate
    expect(decodePath('%F4%90%80%80')).toBe('%F4%90%80%80'); // above U+10FFFF
    expect(decodePath('%F0%9F%98%80%zz%4')).toBe('😀%zz%4');
    expect(() => decodePath('a%00b')).toThrow(PathDecodeError);
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
  // Registered in this order; the Functions host tries them by function name.
  const routes = orderRoutes([
    createHttpRoute('special', 'zSpecial', 'items/special', ['get']),
    createHttpRoute('byId', 'byId', 'items/{id}', ['GET']),
    createHttpRoute('post', 'post', 'items/{id}', ['POST']),
    createHttpRoute('constrained', 'constrained', 'items/{id:int}', ['GET']),
    createHttpRoute('catch', 'aCatchAll', '{*all}', undefined),
  ]);
  const target = (method: string, path: string) => findRoute(routes, method, pathSegments(path))?.route.target;

  it('orders routes by function name, ordinal and case-insensitive (as .NET OrdinalIgnoreCase)', () => {
    expect(routes.map((r) => r.name)).toEqual(['aCatchAll', 'byId', 'constrained', 'post', 'zSpecial']);
    expect(['b_x', 'B', 'bZ', 'ba'].sort(compareOrdinalIgnoreCase)).toEqual(['B', 'ba', 'bZ', 'b_x']);
  });

  it('gives the request to the first matching route in that order, whatever the templates\' specificity', () => {
    expect(target('GET', '/items/special')).toBe('catch');
    const withoutCatchAll = routes.filter((r) => r.target !== 'catch');
    const t = (path: string) => findRoute(withoutCatchAll, 'GET', pathSegments(path))?.route.target;
    expect(t('/items/special')).toBe('byId');
    expect(t('/items/12')).toBe('byId');
    expect(findRoute(withoutCatchAll.filter((r) => r.target !== 'byId'), 'GET', ['items', '12'])?.route.target).toBe('constrained');
    expect(findRoute(withoutCatchAll.filter((r) => r.target !== 'byId'), 'GET', ['items', 'special'])?.route.target).toBe('special');
  });

  it('skips routes whose methods do not match', () => {
    const noCatchAll = routes.filter((r) => r.target !== 'catch');
    expect(findRoute(noCatchAll, 'POST', ['items', 'special'])?.route.target).toBe('post');
    expect(findRoute(noCatchAll, 'DELETE', ['items', 'abc'])).toBeUndefined();
    expect(target('DELETE', '/items/abc')).toBe('catch');
  });

  it('strips the route prefix case-insensitively', () => {
    expect(stripPrefix(['API', 'x'], 'api')).toEqual(['x']);
    expect(stripPrefix(['v1', 'Custom', 'x'], 'v1/custom')).toEqual(['x']);
    expect(stripPrefix(['other'], 'api')).toBeUndefined();
    expect(stripPrefix(['x'], '')).toEqual(['x']);
  });
});
