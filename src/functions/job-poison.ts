/**
 * Fails jobs whose messages exhausted their retries: the host moved them to `<JOBS_QUEUE_NAME>-poison`, whatever
 * the reason (the job kept failing, or its worker crashed on every attempt), and this marks the job Failed with
 * JobRetriesExhausted and its last recorded error, so Fabric stops polling an InProgress job that will never end.
 */
import { app } from '@azure/functions';
import { poisonJobHandler } from '../jobs/queue-handlers';
import { getJobRunner, jobsQueueName } from '../jobs/runtime';

app.storageQueue('jobPoison', { queueName: `${jobsQueueName()}-poison`, connection: 'AzureWebJobsStorage', handler: poisonJobHandler(getJobRunner) });
