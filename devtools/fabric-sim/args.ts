/**
 * The simulator's command-line parsing: `--name value`, `--name=value`, `--flag`. Pure. Every option a command does
 * not know is refused (UsageError, exit code 2), so a typo never runs with a default instead.
 */
import { GUID } from '../../src/fabric/guid';

export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Record<string, string | true>;
}

/** A mistake in the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (!name) throw new UsageError(`"${a}" is not an option`);
    if (Object.hasOwn(options, name)) throw new UsageError(`--${name} is given twice`);
    if (eq !== -1) {
      if (booleanFlags.includes(name)) throw new UsageError(`--${name} is a flag and takes no value`);
      options[name] = a.slice(eq + 1);
    } else if (booleanFlags.includes(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) {
      // A flag, or an option missing its value: reading it says so, after unknown options were refused.
      options[name] = true;
    } else options[name] = argv[++i];
  }
  return { positional, options };
}

/** Refuses any option outside `allowed` and any positional beyond `maxPositional` (the command counts as one). */
export function checkOptions(args: ParsedArgs, command: string, allowed: readonly string[], maxPositional = 1): void {
  const unknown = Object.keys(args.options).filter((o) => !allowed.includes(o));
  if (unknown.length > 0) {
    const list = unknown.map((o) => `--${o}`).join(', ');
    const near = unknown.map((u) => allowed.find((a) => a.startsWith(u) || u.startsWith(a))).filter((a) => a !== undefined);
    const hint = near.length > 0 ? ` (did you mean ${near.map((a) => `--${a}`).join(', ')}?)` : '';
    throw new UsageError(`${command} has no option ${list}${hint}. Its options: ${allowed.map((o) => `--${o}`).join(' ')}`);
  }
  if (args.positional.length > maxPositional) throw new UsageError(`${command} takes no argument "${args.positional[maxPositional]}"`);
}

export function intOption(options: ParsedArgs['options'], name: string, fallback: number, min: number, max: number): number {
  const v = options[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || v.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export function numberOption(options: ParsedArgs['options'], name: string, fallback: number, min = -Infinity): number {
  const v = options[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || v.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number${min > -Infinity ? ` of at least ${min}` : ''}`);
  return n;
}

export function stringOption(options: ParsedArgs['options'], name: string): string | undefined {
  const v = options[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** A GUID option in lower case, checked before any call; undefined when absent. */
export function guidOption(options: ParsedArgs['options'], name: string): string | undefined {
  const v = stringOption(options, name);
  if (v === undefined) return undefined;
  if (!GUID.test(v)) throw new UsageError(`--${name} must be a GUID (like 3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b), not "${v}"`);
  return v.toLowerCase();
}
