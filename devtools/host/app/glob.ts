/**
 * The small glob dialect package.json "main" uses for Functions apps: braces {a,b}, `*`, `?` and `**`.
 * Matching is pure (matchGlob); expandGlob lists files under a root directory.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Expands brace alternatives left to right: "a/{x,y/*}.js" → ["a/x.js", "a/y/*.js"]. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  let depth = 0;
  let close = -1;
  const cuts: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) cuts.push(i);
  }
  if (close === -1) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...cuts, close];
  const alternatives = bounds.slice(0, -1).map((b, i) => pattern.slice(b + 1, bounds[i + 1]));
  return alternatives.flatMap((alt) => expandBraces(`${head}${alt}${tail}`));
}

function segmentRegex(segment: string): RegExp {
  const src = segment.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${src}$`);
}

/** Does the relative path (forward slashes) match one brace-free pattern? */
export function matchGlob(pattern: string, path: string): boolean {
  const p = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const s = path.split('/').filter((x) => x !== '');
  const walk = (i: number, j: number): boolean => {
    if (i === p.length) return j === s.length;
    if (p[i] === '**') return walk(i + 1, j) || (j < s.length && !s[j].startsWith('.') && walk(i, j + 1));
    return j < s.length && segmentRegex(p[i]).test(s[j]) && walk(i + 1, j + 1);
  };
  return walk(0, 0);
}

function listFiles(dir: string, root: string, depthLeft: number, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (depthLeft > 0) listFiles(full, root, depthLeft - 1, out);
    } else out.push(relative(root, full).split(sep).join('/'));
  }
}

/** Absolute paths of the files matching the pattern, in brace order, each alternative sorted, without duplicates. */
export function expandGlob(pattern: string, root: string): string[] {
  const result: string[] = [];
  for (const alt of expandBraces(pattern.replace(/\\/g, '/'))) {
    const absolute = isAbsolute(alt);
    // Walk from the longest wildcard-free directory prefix.
    const parts = alt.split('/');
    const firstWild = parts.findIndex((x) => /[*?]/.test(x));
    if (firstWild === -1) {
      const file = absolute ? alt : resolve(root, alt);
      try {
        if (statSync(file).isFile()) result.push(file);
      } catch {
        /* no such file: no match */
      }
      continue;
    }
    const base = parts.slice(0, firstWild).join('/') || (absolute ? '/' : '.');
    const baseDir = absolute ? base : resolve(root, base);
    const rest = parts.slice(firstWild).join('/');
    const files: string[] = [];
    listFiles(baseDir, baseDir, rest.includes('**') ? 32 : rest.split('/').length - 1, files);
    for (const f of files) if (matchGlob(rest, f)) result.push(resolve(baseDir, f));
  }
  return [...new Set(result)];
}
