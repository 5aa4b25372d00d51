/**
 * The queue-triggered functions' handlers: run a job, and fail a job whose message exhausted its retries.
 * A handler that throws makes the host retry the message (visibilityTimeout, up to maxDequeueCount), then move it
 * to `<queue>-poison`, where the poison handler fails the job.
 */
import type { InvocationContext } from '@azure/functions';
import { createLogger } from '../observability/logger';
import type { Delivery, JobRunner } from './job-runner';

/** Message id and dequeue count from the trigger metadata (Id, DequeueCount; camel-cased by @azure/functions). */
function deliveryOf(ctx: InvocationContext): Delivery {
  const m = ctx.triggerMetadata ?? {};
  return { ...(typeof m.id === 'string' && m.id !== '' ? { messageId: m.id } : {}), ...(typeof m.dequeueCount === 'number' ? { dequeueCount: m.dequeueCount } : {}) };
}

export function runJobHandler(runner: () => JobRunner): (message: unknown, ctx: InvocationContext) => Promise<void> {
  return async (message, ctx) => {
    const log = createLogger(ctx, { invocationId: ctx.invocationId });
    await runner().run(message, log, deliveryOf(ctx));
  };
}

export function poisonJobHandler(runner: () => JobRunner): (message: unknown, ctx: InvocationContext) => Promise<void> {
  return async (message, ctx) => {
    const log = createLogger(ctx, { invocationId: ctx.invocationId });
    await runner().failExhausted(message, log);
  };
}
