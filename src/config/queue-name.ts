import { SETTINGS } from './settings';

/**
 * The queue the runner is triggered from, read at function registration without validating the whole
 * configuration (a bad configuration must not stop the app from loading; requests then answer 503).
 */
export function jobsQueueName(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fallback = SETTINGS.find((s) => s.name === 'JOBS_QUEUE_NAME')?.defaultValue ?? 'fabric-jobs';
  return env.JOBS_QUEUE_NAME?.trim() || fallback;
}
