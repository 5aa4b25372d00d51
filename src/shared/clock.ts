/**
 * The one clock type: wall-clock time in milliseconds since the epoch. Services take a `clock` option so tests can
 * move time by hand; they convert to Date or ISO text where a record needs it.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
