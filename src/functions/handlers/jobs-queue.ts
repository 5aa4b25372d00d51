/** Handlers of src/functions/job-runner.ts and job-poison.ts, loaded on first use. */
import { poisonJobHandler, runJobHandler } from '../../jobs/queue-handlers';
import { getJobRunner } from '../../jobs/runtime';

export const runJob = runJobHandler(getJobRunner);
export const failPoisonedJob = poisonJobHandler(getJobRunner);
