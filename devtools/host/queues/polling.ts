/**
 * The queue listener's polling delay: immediately again after a non-empty batch; after an empty one, a randomised
 * exponential back-off from 100 ms up to host.json maxPollingInterval (the Functions host's strategy). Pure.
 */
export const MIN_POLLING_DELAY_MS = 100;

/** Next delay after an empty poll, given the previous delay (0 after messages were found). random() in [0, 1). */
export function nextPollingDelay(previousMs: number, maxMs: number, random: () => number = Math.random): number {
  if (previousMs <= 0) return Math.min(MIN_POLLING_DELAY_MS, maxMs);
  const grown = previousMs * 2;
  const jitter = 1 + (random() - 0.5) * 0.4; // ±20%
  return Math.max(MIN_POLLING_DELAY_MS, Math.min(maxMs, Math.round(grown * jitter)));
}
