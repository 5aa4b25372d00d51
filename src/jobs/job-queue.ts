/**
 * The queue that triggers the job runner. The message holds ids only (see message.ts).
 */
import type { QueueClient } from '@azure/storage-queue';
import type { JobKey } from './job-record';
import { encodeJobMessage } from './message';
import { withStorage } from '../storage/errors';

export interface JobQueue {
  enqueue(key: JobKey): Promise<void>;
}

export type QueueClientProvider = () => Promise<QueueClient>;

export class StorageJobQueue implements JobQueue {
  constructor(private readonly client: QueueClientProvider) {}

  async enqueue(key: JobKey): Promise<void> {
    const text = encodeJobMessage(key);
    await withStorage('enqueue job', async () => {
      await (await this.client()).sendMessage(text);
    });
  }
}
