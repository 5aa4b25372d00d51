/**
 * What the jobs module needs from other modules, as small interfaces. src/jobs/runtime.ts wires the real
 * implementations (token module, item service); unit tests pass their own.
 */
import type { JobItem } from '../catalog/job-type';

/** Long-running On-Behalf-Of (token module): a sealed grant that outlives the subject token. */
export interface LongRunningTokens {
  /** Exchanges the subject token once and returns a sealed grant that is safe to store. */
  begin(args: { subjectToken: string; tenantId: string; scopes: readonly string[] }): Promise<string>;
  /** A current access token from the grant; the returned grant replaces the stored one (it may have rotated). */
  acquire(args: { grant: string; tenantId: string; scopes: readonly string[] }): Promise<{ token: string; expiresOnMs: number; grant: string }>;
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

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
