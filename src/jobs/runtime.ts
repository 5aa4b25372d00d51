/**
 * The process's job service and runner, wired to the real modules: Table Storage and the jobs queue (storage),
 * the workload registry (job types), the item service, the token module (long-running On-Behalf-Of) and OneLake.
 * Built on first use; nothing heavy loads at import.
 */
import { getConfig } from '../config/runtime';
import { getItemService } from '../items/runtime';
import { OneLakeClient } from '../onelake/onelake-client';
import { getQueueClient, getTableClient } from '../storage/clients';
import { getTokenClient } from '../tokens/runtime';
import type { TokenClient } from '../tokens/types';
import { getItemTypeRegistry } from '../workload/runtime';
import { JOBS_TABLE } from './job-entity';
import { StorageJobQueue } from './job-queue';
import { JobRunner } from './job-runner';
import { JobService } from './job-service';
import { registryJobTypes } from './job-types';
import type { LongRunningTokens } from './ports';
import { TableJobStore } from './table-job-store';

/** A token client's long-running On-Behalf-Of, as the jobs need it. */
export function longRunningTokens(client: () => Promise<TokenClient>): LongRunningTokens {
  return {
    begin: async ({ subjectToken, tenantId, scopes }) => (await client()).beginLongRunning({ subjectToken, tenantId, scopes }),
    acquire: async ({ grant, tenantId, scopes }) => {
      const r = await (await client()).acquireLongRunning({ grant, tenantId, scopes });
      return { token: r.token.token, expiresOnMs: r.token.expiresOn.getTime(), grant: r.grant };
    },
  };
}

let service: JobService | undefined;
let runner: JobRunner | undefined;

function parts() {
  const config = getConfig();
  return {
    store: new TableJobStore(() => getTableClient(JOBS_TABLE)),
    types: registryJobTypes(getItemTypeRegistry()),
    items: { get: (tenantId: string, workspaceId: string, itemId: string) => getItemService().get(tenantId, workspaceId, itemId) },
    tokens: longRunningTokens(getTokenClient),
    queueName: config.jobsQueueName,
    oneLakeEndpoint: config.oneLakeEndpoint,
  };
}

export function getJobService(): JobService {
  if (!service) {
    const p = parts();
    service = new JobService({ store: p.store, queue: new StorageJobQueue(() => getQueueClient(p.queueName)), types: p.types, items: p.items, tokens: p.tokens });
  }
  return service;
}

export function getJobRunner(): JobRunner {
  if (!runner) {
    const p = parts();
    runner = new JobRunner({ store: p.store, types: p.types, items: p.items, tokens: p.tokens, oneLake: new OneLakeClient(p.oneLakeEndpoint) });
  }
  return runner;
}

export { jobsQueueName } from './queue-name';
