/**
 * Runs jobs from the jobs queue (JOBS_QUEUE_NAME, default fabric-jobs; message = ids only, base64 JSON).
 * A thrown error leaves the message to the host's retries (host.json queues: visibilityTimeout, maxDequeueCount).
 */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';
import { jobsQueueName } from '../jobs/queue-name';

app.storageQueue('jobRunner', { queueName: jobsQueueName(), connection: 'AzureWebJobsStorage', handler: lazyHandler(async () => (await import('./handlers/jobs-queue.js')).runJob) });
