/**
 * Functions (ASP.NET Core) route templates: literal segments, `{name}`, `{name?}`, `{name=default}`,
 * `{name:constraint(args)}`, catch-all `{*rest}`, and complex segments like `{file}.{ext}`.
 * Matching is case-insensitive on decoded path segments. Pure.
 */
import { buildConstraint, RouteTemplateError, type ConstraintCheck } from './route-constraints';

export { RouteTemplateError } from './route-constraints';

export interface LiteralPart {
  readonly kind: 'literal';
  readonly text: string;
}
export interface ParameterPart {
  readonly kind: 'parameter';
  readonly name: string;
  readonly optional: boolean;
  readonly catchAll: boolean;
  readonly defaultValue?: string;
  readonly constraints: readonly string[];
  readonly checks: readonly ConstraintCheck[];
}
export type TemplatePart = LiteralPart | ParameterPart;
export type TemplateSegment = readonly TemplatePart[];

export interface RouteTemplate {
  readonly template: string;
  readonly segments: readonly TemplateSegment[];
}

function splitConstraints(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of body) {
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (c === ':' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function parseParameter(body: string, template: string): ParameterPart {
  let rest = body;
  let catchAll = false;
  if (rest.startsWith('**')) {
    catchAll = true;
    rest = rest.slice(2);
  } else if (rest.startsWith('*')) {
    catchAll = true;
    rest = rest.slice(1);
  }
  let defaultValue: string | undefined;
  let optional = false;
  // "=default" and a trailing "?" sit outside any constraint parentheses.
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '=' && depth === 0) {
      defaultValue = rest.slice(i + 1);
      rest = rest.slice(0, i);
      break;
    }
  }
  if (defaultValue === undefined && rest.endsWith('?')) {
    optional = true;
    rest = rest.slice(0, -1);
  }
  const [name, ...constraints] = splitConstraints(rest);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RouteTemplateError(`The route template "${template}" has an invalid parameter name "${name}"`);
  if (optional && defaultValue !== undefined) throw new RouteTemplateError(`The route parameter "${name}" cannot be both optional and have a default value`);
  if (catchAll && optional) throw new RouteTemplateError(`The catch-all parameter "${name}" cannot be marked optional (it already is)`);
  return { kind: 'parameter', name, optional, catchAll, defaultValue, constraints, checks: constraints.map((c) => buildConstraint(c)) };
}

function parseSegment(text: string, template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{') {
      literal += '{';
      i++;
    } else if (c === '}' && text[i + 1] === '}') {
      literal += '}';
      i++;
    } else if (c === '{') {
      // The parameter runs to the first single "}"; "{{" and "}}" inside it (regex quantifiers) stand for braces.
      let body = '';
      let end = -1;
      for (let k = i + 1; k < text.length; k++) {
        if ((text[k] === '{' || text[k] === '}') && text[k + 1] === text[k]) {
          body += text[k];
          k++;
        } else if (text[k] === '}') {
          end = k;
          break;
        } else body += text[k];
      }
      if (end === -1) throw new RouteTemplateError(`The route template "${template}" has an unclosed "{"`);
      if (literal) parts.push({ kind: 'literal', text: literal });
      literal = '';
      const p = parseParameter(body, template);
      if (parts.length > 0 && parts[parts.length - 1].kind === 'parameter') throw new RouteTemplateError(`The route template "${template}" has two parameters without a literal between them`);
      parts.push(p);
      i = end;
    } else if (c === '}') {
      throw new RouteTemplateError(`The route template "${template}" has an unmatched "}"`);
    } else literal += c;
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return parts;
}

export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^~?\/+/, '').replace(/\/+$/, '');
  const segments = trimmed === '' ? [] : trimmed.split('/').map((s) => {
    if (s === '') throw new RouteTemplateError(`The route template "${template}" has an empty segment`);
    return parseSegment(s, template);
  });
  const names = new Set<string>();
  segments.forEach((segment, i) => {
    for (const part of segment) {
      if (part.kind !== 'parameter') continue;
      const key = part.name.toLowerCase();
      if (names.has(key)) throw new RouteTemplateError(`The route parameter "${part.name}" appears more than once in "${template}"`);
      names.add(key);
      const last = i === segments.length - 1;
      if (part.catchAll && (!last || segment.length > 1)) throw new RouteTemplateError(`A catch-all parameter can only be the last segment of "${template}"`);
      if (part.optional && segment.length > 1 && segment[segment.length - 1] !== part) throw new RouteTemplateError(`An optional parameter must be at the end of its segment in "${template}"`);
      if ((part.optional || part.defaultValue !== undefined) && segment.length === 1 && !last) {
        const laterRequired = segments.slice(i + 1).some((s) => s.length !== 1 || s[0].kind !== 'parameter' || !(s[0].optional || s[0].defaultValue !== undefined || s[0].catchAll));
        if (laterRequired) throw new RouteTemplateError(`An optional parameter can only be followed by optional parameters in "${template}"`);
      }
    }
  });
  return { template, segments };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matchComplex(segment: TemplateSegment, value: string, values: Record<string, string>): boolean {
  // Greedy parameters find the right-most literal first, as ASP.NET matches complex segments right to left.
  const src = segment.map((p) => (p.kind === 'literal' ? escapeRe(p.text) : '(.+)')).join('');
  const m = new RegExp(`^${src}$`, 'i').exec(value);
  if (!m) return false;
  let g = 1;
  for (const p of segment) if (p.kind === 'parameter') values[p.name] = m[g++];
  return true;
}

/**
 * Matches decoded path segments (below the route prefix) against the template.
 * Returns the route values (decoded; defaults applied; absent optional values omitted), or undefined.
 */
export function matchRoute(route: RouteTemplate, pathSegments: readonly string[]): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  let j = 0;
  for (const segment of route.segments) {
    const first = segment[0];
    if (segment.length === 1 && first.kind === 'parameter' && first.catchAll) {
      const rest = pathSegments.slice(j).join('/');
      if (rest !== '') values[first.name] = rest;
      else if (first.defaultValue !== undefined) values[first.name] = first.defaultValue;
      j = pathSegments.length;
      break;
    }
    if (j >= pathSegments.length) {
      if (segment.length === 1 && first.kind === 'parameter' && (first.optional || first.defaultValue !== undefined)) {
        if (first.defaultValue !== undefined) values[first.name] = first.defaultValue;
        continue;
      }
      return undefined;
    }
    const value = pathSegments[j];
    if (value === '') return undefined;
    if (segment.length === 1 && first.kind === 'literal') {
      if (first.text.toLowerCase() !== value.toLowerCase()) return undefined;
    } else if (segment.length === 1 && first.kind === 'parameter') {
      values[first.name] = value;
    } else if (!matchComplex(segment, value, values)) {
      return undefined;
    }
    j++;
  }
  if (j !== pathSegments.length) return undefined;
  for (const segment of route.segments) {
    for (const part of segment) {
      if (part.kind !== 'parameter') continue;
      const v = values[part.name];
      if (v === undefined) continue;
      if (!part.checks.every((check) => check(v))) return undefined;
    }
  }
  return values;
}

export class PathDecodeError extends Error {
  override readonly name = 'PathDecodeError';
}

const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/**
 * Decodes a raw path as Kestrel does before routing: every `%XX` escape forming valid UTF-8 is decoded except `%2F`,
 * which stays as sent (so route values keep it encoded); an escape that is not valid UTF-8 stays as sent, byte by
 * byte; `%00` is refused (Kestrel answers 400).
 */
export function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  const src = Buffer.from(raw, 'latin1');
  const out: number[] = [];
  // The byte of the %XX escape at i, or -1 when there is none there (or it is %2F, which is never decoded).
  const escapeAt = (i: number): number => {
    if (src[i] !== 0x25 || i + 2 >= src.length) return -1;
    const hi = hexValue(src[i + 1]);
    const lo = hexValue(src[i + 2]);
    if (hi < 0 || lo < 0 || (hi === 2 && lo === 15)) return -1;
    return (hi << 4) | lo;
  };
  let i = 0;
  while (i < src.length) {
    const b1 = escapeAt(i);
    if (b1 < 0) {
      out.push(src[i++]);
      continue;
    }
    if (b1 === 0) throw new PathDecodeError('The path contains null characters');
    const start = i;
    i += 3;
    if (b1 < 0x80) {
      out.push(b1);
      continue;
    }
    const count = (b1 & 0xe0) === 0xc0 ? 2 : (b1 & 0xf0) === 0xe0 ? 3 : (b1 & 0xf8) === 0xf0 ? 4 : 0;
    let bits = count === 2 ? b1 & 0x1f : count === 3 ? b1 & 0x0f : b1 & 0x07;
    const min = count === 2 ? 0x80 : count === 3 ? 0x800 : 0x10000;
    const bytes = [b1];
    let ok = count > 0;
    for (let k = 1; ok && k < count; k++) {
      const next = escapeAt(i);
      const remaining = count - k - 1; // bytes still to read after this one
      if (next < 0 || (next & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      bits = (bits << 6) | (next & 0x3f);
      // UTF-16 surrogates and code points above U+10FFFF are not valid UTF-8.
      if ((remaining === 1 && bits >= 0x360 && bits <= 0x37f) || (remaining === 2 && bits >= 0x110)) {
        ok = false;
        break;
      }
      bytes.push(next);
      i += 3;
    }
    if (ok && bits < min) ok = false; // overlong encoding
    if (ok) out.push(...bytes);
    else for (let k = start; k < i; k++) out.push(src[k]); // not UTF-8: the escapes read so far stay as sent
  }
  return Buffer.from(out).toString('utf8');
}

/**
 * Splits a raw URL path into segments decoded as Kestrel decodes paths (see decodePath: `%2F` stays encoded);
 * a single trailing slash is ignored.
 */
export function pathSegments(rawPath: string): string[] {
  const trimmed = rawPath.replace(/^\/+/, '');
  if (trimmed === '') return [];
  const parts = trimmed.split('/');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.map(decodePath);
}
