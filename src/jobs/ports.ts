/**
 * What the jobs module needs from other modules, as small interfaces. src/app.ts wires the real implementations
 * (token module, item service); tests pass their own.
 */
import type { JobItem, JobUser } from '../catalog/job-type';
import type { JobKey } from './job-record';
import type { LongRunningJob, TokenClient } from '../tokens/types';

/**
 * Long-running On-Behalf-Of (token module): a sealed grant that outlives the subject token. The grant is bound to
 * its job (workspace, item, job instance) and user (oid): copied into another job record it does not unseal.
 */
export interface LongRunningTokens {
  /** Exchanges the subject token once and returns a sealed grant that is safe to store in this job's record. */
  begin(args: { subjectToken: string; tenantId: string; scopes: readonly string[]; job: LongRunningJob }): Promise<string>;
  /** A current access token from the grant; the returned grant replaces the stored one (it may have rotated). */
  acquire(args: { grant: string; tenantId: string; scopes: readonly string[]; job: LongRunningJob }): Promise<{ token: string; expiresOnMs: number; grant: string }>;
}

/** What a job's grant is bound to: the job's key and the user who created it (no user: the token module refuses). */
export function grantJobOf(key: JobKey, user: JobUser | undefined): LongRunningJob {
  return { workspaceId: key.workspaceId, itemId: key.itemId, jobInstanceId: key.jobInstanceId, userObjectId: user?.oid ?? '' };
}

/** A token client's long-running On-Behalf-Of, as the jobs need it. */
export function longRunningTokens(client: () => Promise<TokenClient>): LongRunningTokens {
  return {
    begin: async ({ subjectToken, tenantId, scopes, job }) => (await client()).beginLongRunning({ subjectToken, tenantId, scopes, job }),
    acquire: async ({ grant, tenantId, scopes, job }) => {
      const r = await (await client()).acquireLongRunning({ grant, tenantId, scopes, job });
      return { token: r.token.token, expiresOnMs: r.token.expiresOn.getTime(), grant: r.grant };
    },
  };
}

/** Reads an item (item service); undefined when it does not exist or is deleted. */
export interface ItemReader {
  get(tenantId: string, workspaceId: string, itemId: string): Promise<JobItem | undefined>;
}

/** Writes bytes into OneLake with a token provider (src/onelake). */
export interface OneLakeWriter {
  writeFile(
    file: { workspaceId: string; itemId: string; relativePath: string },
    content: string | Uint8Array,
    token: () => Promise<{ token: string; expiresOnMs: number }>,
    options: { contentType: string; abortSignal?: AbortSignal },
  ): Promise<{ url: string }>;
}
