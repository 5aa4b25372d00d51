/**
 * Runs jobs from the jobs queue (JOBS_QUEUE_NAME, default fabric-jobs; message = ids only, base64 JSON).
 * A thrown error leaves the message to the host's retries (host.json queues: visibilityTimeout, maxDequeueCount).
 */
import { app } from '@azure/functions';
import { runJobHandler } from '../jobs/queue-handlers';
import { getJobRunner, jobsQueueName } from '../jobs/runtime';

app.storageQueue('jobRunner', { queueName: jobsQueueName(), connection: 'AzureWebJobsStorage', handler: runJobHandler(getJobRunner) });
