/**
 * Read–decide–write with ETags: applies a state-machine event to the stored record and retries from a fresh
 * read when another writer got there first. The only way job records change after creation.
 */
import { JobConcurrencyError } from './errors';
import type { JobKey, StoredJob } from './job-record';
import type { JobStore } from './job-store';
import { transition, type JobEvent, type TransitionResult } from './state-machine';

export const MAX_WRITE_ATTEMPTS = 5;

export interface UpdateOutcome {
  /** The record after the update (or as read, when nothing changed); undefined when the record does not exist. */
  readonly stored?: StoredJob;
  readonly result?: TransitionResult<StoredJob['record']>;
}

/**
 * `decide` gets the current record and returns the event to apply (or undefined for none). It is called again
 * after every conflict, with the fresh record. `initial`: the record as the caller already read it (saves a read).
 */
export async function updateJob(store: JobStore, key: JobKey, decide: (s: StoredJob) => JobEvent | undefined, { initial }: { readonly initial?: StoredJob } = {}): Promise<UpdateOutcome> {
  let current = initial ?? (await store.get(key));
  for (let attempt = 1; ; attempt++) {
    if (!current) return {};
    const event = decide(current);
    if (!event) return { stored: current };
    const result = transition(current.record, event);
    if (result.outcome !== 'changed') return { stored: current, result };
    try {
      const etag = await store.replace(result.state, current.etag);
      return { stored: { record: result.state, etag }, result };
    } catch (err) {
      if (!(err instanceof JobConcurrencyError) || attempt >= MAX_WRITE_ATTEMPTS) throw err;
      current = await store.get(key);
    }
  }
}
