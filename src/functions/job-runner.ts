/**
 * Runs jobs from the jobs queue (JOBS_QUEUE_NAME, default fabric-jobs; message = ids only, base64 JSON).
 * A thrown error leaves the message to the host's retries (host.json queues: visibilityTimeout, maxDequeueCount).
 */
import { app } from '@azure/functions';
import { handlers } from '../root';
import { jobsQueueName } from '../config/queue-name';

app.storageQueue('jobRunner', { queueName: jobsQueueName(), connection: 'AzureWebJobsStorage', handler: async (message, context) => (await handlers()).runJob(message, context) });
