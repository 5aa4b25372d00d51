/**
 * Whether two HTTP routes can both match one request (some method both accept, some path both templates match).
 * The Functions host gives such a request to the first route by function name, so an app whose routes never
 * overlap does not depend on that order. Decided segment by segment: literals compare case-insensitively, a literal
 * against a parameter is tested with the parameter's constraints, and whatever cannot be decided exactly (two
 * parameters, complex segments, catch-all constraints) counts as overlapping: the answer errs towards "overlap". Pure.
 */
import type { HttpRoute } from './route-table';
import { matchRoute, type TemplateSegment } from './route-template';

const isCatchAll = (s: TemplateSegment) => s.length === 1 && s[0].kind === 'parameter' && s[0].catchAll;
/** A segment that may be left out of the path (optional, defaulted or catch-all parameter). */
const canBeAbsent = (s: TemplateSegment) => s.length === 1 && s[0].kind === 'parameter' && (s[0].optional || s[0].defaultValue !== undefined || s[0].catchAll);
const literalText = (s: TemplateSegment) => (s.length === 1 && s[0].kind === 'literal' ? s[0].text : undefined);

/** Whether a path segment can match both template segments. */
function segmentsOverlap(a: TemplateSegment, b: TemplateSegment): boolean {
  const la = literalText(a);
  const lb = literalText(b);
  if (la !== undefined && lb !== undefined) return la.toLowerCase() === lb.toLowerCase();
  if (la !== undefined) return matchRoute({ template: '', segments: [b] }, [la]) !== undefined;
  if (lb !== undefined) return matchRoute({ template: '', segments: [a] }, [lb]) !== undefined;
  return true;
}

function templatesOverlap(a: readonly TemplateSegment[], b: readonly TemplateSegment[], i = 0, j = 0): boolean {
  if (i < a.length && isCatchAll(a[i])) return true;
  if (j < b.length && isCatchAll(b[j])) return true;
  // The path may end here when every remaining segment of both templates can be left out.
  if (a.slice(i).every(canBeAbsent) && b.slice(j).every(canBeAbsent)) return true;
  if (i >= a.length || j >= b.length) return false;
  return segmentsOverlap(a[i], b[j]) && templatesOverlap(a, b, i + 1, j + 1);
}

export function methodsOverlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return !a || !b || a.some((m) => b.includes(m));
}

export function routesOverlap<T>(a: HttpRoute<T>, b: HttpRoute<T>): boolean {
  return methodsOverlap(a.methods, b.methods) && templatesOverlap(a.template.segments, b.template.segments);
}

/** Every pair of routes that can match the same request, as [first, second] in the given order. */
export function overlappingRoutes<T>(routes: readonly HttpRoute<T>[]): [HttpRoute<T>, HttpRoute<T>][] {
  const out: [HttpRoute<T>, HttpRoute<T>][] = [];
  for (let i = 0; i < routes.length; i++) for (let k = i + 1; k < routes.length; k++) if (routesOverlap(routes[i], routes[k])) out.push([routes[i], routes[k]]);
  return out;
}
