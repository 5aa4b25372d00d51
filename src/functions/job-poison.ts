/**
 * Fails jobs whose messages exhausted their retries: the host moved them to `<JOBS_QUEUE_NAME>-poison`, whatever
 * the reason (the job kept failing, or its worker crashed on every attempt), and this marks the job Failed with
 * JobRetriesExhausted and its last recorded error, so Fabric stops polling an InProgress job that will never end.
 */
import { app } from '@azure/functions';
import { handlers } from '../root';
import { jobsQueueName } from '../config/queue-name';

app.storageQueue('jobPoison', { queueName: `${jobsQueueName()}-poison`, connection: 'AzureWebJobsStorage', handler: async (message, context) => (await handlers()).failPoisonedJob(message, context) });
