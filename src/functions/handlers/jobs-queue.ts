/** Handlers of src/functions/job-runner.ts and job-poison.ts, loaded on first use. */
import { poisonJobHandler, runJobHandler } from '../../jobs/queue-handlers';
import { getApp } from './app';

export const runJob = runJobHandler(() => getApp().runner);
export const failPoisonedJob = poisonJobHandler(() => getApp().runner);
