/**
 * What the jobs module needs from other modules, as small interfaces. src/app.ts wires the real implementations
 * (token module, item service); tests pass their own.
 */
import type { JobItem } from '../catalog/job-type';
import type { TokenClient } from '../tokens/types';

/** Long-running On-Behalf-Of (token module): a sealed grant that outlives the subject token. */
export interface LongRunningTokens {
  /** Exchanges the subject token once and returns a sealed grant that is safe to store. */
  begin(args: { subjectToken: string; tenantId: string; scopes: readonly string[] }): Promise<string>;
  /** A current access token from the grant; the returned grant replaces the stored one (it may have rotated). */
  acquire(args: { grant: string; tenantId: string; scopes: readonly string[] }): Promise<{ token: string; expiresOnMs: number; grant: string }>;
}

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
