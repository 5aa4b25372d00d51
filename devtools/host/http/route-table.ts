/**
 * The HTTP functions' routes under the route prefix: path match, then method filter, then the most specific
 * template wins (ASP.NET precedence), as the Functions host routes. Pure.
 */
import { comparePrecedence, matchRoute, parseRouteTemplate, type RouteTemplate } from './route-template';

export interface HttpRoute<T> {
  readonly target: T;
  readonly template: RouteTemplate;
  /** Upper-case methods; undefined accepts every method. */
  readonly methods?: readonly string[];
}

export interface RouteMatch<T> {
  readonly route: HttpRoute<T>;
  readonly params: Record<string, string>;
}

export function createHttpRoute<T>(target: T, template: string, methods: readonly string[] | undefined): HttpRoute<T> {
  const list = methods && methods.length > 0 ? methods.map((m) => String(m).toUpperCase()) : undefined;
  return { target, template: parseRouteTemplate(template), methods: list };
}

/** Splits the route prefix off decoded path segments (case-insensitive); undefined when the path is outside it. */
export function stripPrefix(segments: readonly string[], routePrefix: string): string[] | undefined {
  const prefix = routePrefix.split('/').filter(Boolean);
  if (segments.length < prefix.length) return undefined;
  for (let i = 0; i < prefix.length; i++) if (segments[i].toLowerCase() !== prefix[i].toLowerCase()) return undefined;
  return segments.slice(prefix.length);
}

export function findRoute<T>(routes: readonly HttpRoute<T>[], method: string, segments: readonly string[]): RouteMatch<T> | undefined {
  let best: RouteMatch<T> | undefined;
  const m = method.toUpperCase();
  for (const route of routes) {
    if (route.methods && !route.methods.includes(m)) continue;
    const params = matchRoute(route.template, segments);
    if (!params) continue;
    if (!best || comparePrecedence(route.template, best.route.template) < 0) best = { route, params };
  }
  return best;
}
