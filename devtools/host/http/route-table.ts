/**
 * The HTTP functions' routes under the route prefix, in the Functions host's order: it registers the routes in the
 * order of its function list, sorted by function name (ordinal, case-insensitive), and the first route whose
 * template, constraints and methods match the request wins. Template specificity plays no part. Pure.
 */
import { matchRoute, parseRouteTemplate, type RouteTemplate } from './route-template';

export interface HttpRoute<T> {
  readonly target: T;
  /** The function name: the routes' order. */
  readonly name: string;
  readonly template: RouteTemplate;
  /** Upper-case methods; undefined accepts every method. */
  readonly methods?: readonly string[];
}

export interface RouteMatch<T> {
  readonly route: HttpRoute<T>;
  readonly params: Record<string, string>;
}

export function createHttpRoute<T>(target: T, name: string, template: string, methods: readonly string[] | undefined): HttpRoute<T> {
  const list = methods && methods.length > 0 ? methods.map((m) => String(m).toUpperCase()) : undefined;
  return { target, name, template: parseRouteTemplate(template), methods: list };
}

/** .NET StringComparer.OrdinalIgnoreCase: code units of the upper-cased strings (so "_" sorts after letters). */
export function compareOrdinalIgnoreCase(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The routes in the order the Functions host tries them (a stable sort by function name). */
export function orderRoutes<T>(routes: readonly HttpRoute<T>[]): HttpRoute<T>[] {
  return [...routes].sort((a, b) => compareOrdinalIgnoreCase(a.name, b.name));
}

/** Splits the route prefix off decoded path segments (case-insensitive); undefined when the path is outside it. */
export function stripPrefix(segments: readonly string[], routePrefix: string): string[] | undefined {
  const prefix = routePrefix.split('/').filter(Boolean);
  if (segments.length < prefix.length) return undefined;
  for (let i = 0; i < prefix.length; i++) if (segments[i].toLowerCase() !== prefix[i].toLowerCase()) return undefined;
  return segments.slice(prefix.length);
}

/** The first route, in the given order (see orderRoutes), that matches the method and the path. */
export function findRoute<T>(routes: readonly HttpRoute<T>[], method: string, segments: readonly string[]): RouteMatch<T> | undefined {
  const m = method.toUpperCase();
  for (const route of routes) {
    if (route.methods && !route.methods.includes(m)) continue;
    const params = matchRoute(route.template, segments);
    if (params) return { route, params };
  }
  return undefined;
}
