/** .NET TimeSpan strings as host.json uses them ("00:00:10", "1.02:03:04.5"). Pure. */

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;

export class TimeSpanError extends Error {
  override readonly name = 'TimeSpanError';
}

/** Parses d.hh:mm:ss(.fffffff) into milliseconds. A number is taken as seconds (host.json accepts both for some options). */
export function parseTimeSpan(value: unknown, setting: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  if (typeof value !== 'string') throw new TimeSpanError(`${setting} must be a time span like "00:00:10"`);
  const m = TIMESPAN.exec(value.trim());
  if (!m) throw new TimeSpanError(`${setting} must be a time span like "00:00:10" (got "${value}")`);
  const [, d, h, min, s, frac] = m;
  if (Number(min) > 59 || Number(s) > 59 || Number(h) > 23) throw new TimeSpanError(`${setting} is out of range (got "${value}")`);
  const fraction = frac ? Number(`0.${frac}`) : 0;
  return ((Number(d ?? 0) * 24 + Number(h)) * 3600 + Number(min) * 60 + Number(s) + fraction) * 1000;
}

/** Formats milliseconds as hh:mm:ss (the host's wording in timeout messages). */
export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
