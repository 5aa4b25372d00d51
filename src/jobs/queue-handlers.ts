/**
 * The queue-triggered functions' handlers: run a job, and fail a job whose message exhausted its retries.
 * A handler that throws makes the host retry the message (visibilityTimeout, up to maxDequeueCount), then move it
 * to `<queue>-poison`, where the poison handler fails the job.
 */
import type { InvocationContext } from '@azure/functions';
import { createLogger } from '../observability/logger';
import type { JobRunner } from './job-runner';

function dequeueCountOf(ctx: InvocationContext): number | undefined {
  const n = ctx.triggerMetadata?.dequeueCount;
  return typeof n === 'number' ? n : undefined;
}

export function runJobHandler(runner: () => JobRunner): (message: unknown, ctx: InvocationContext) => Promise<void> {
  return async (message, ctx) => {
    const log = createLogger(ctx, { invocationId: ctx.invocationId });
    await runner().run(message, log, dequeueCountOf(ctx));
  };
}

export function poisonJobHandler(runner: () => JobRunner): (message: unknown, ctx: InvocationContext) => Promise<void> {
  return async (message, ctx) => {
    const log = createLogger(ctx, { invocationId: ctx.invocationId });
    await runner().failExhausted(message, log);
  };
}
