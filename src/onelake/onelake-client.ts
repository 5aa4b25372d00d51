/**
 * Reads and writes files in OneLake through its blob endpoint (ONELAKE_ENDPOINT), with a delegated token for
 * `https://storage.azure.com/.default` obtained on the user's behalf. Locally, Azurite's blob service over HTTPS
 * with Entra bearer tokens stands in (container = workspace). @azure/storage-blob loads on first use.
 */
import { FabricError, ServiceUnavailableError } from '../fabric/errors';
import { OneLakeError } from './errors';
import { oneLakeFileUrl } from './paths';

/** Returns a current access token for OneLake (storage) on the user's behalf. */
export type OneLakeTokenProvider = () => Promise<{ readonly token: string; readonly expiresOnMs: number }>;

export interface OneLakeFile {
  readonly workspaceId: string;
  readonly itemId: string;
  /** `Files/...` inside the item. */
  readonly relativePath: string;
}

export interface OneLakeWriteOptions {
  readonly contentType: string;
  readonly abortSignal?: AbortSignal;
}

/**
 * Few, short retries: a job that still fails is retried as a whole by the queue (visibilityTimeout later), so
 * waiting long here only holds the worker.
 */
const RETRY_OPTIONS = { maxTries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 4000, tryTimeoutInMs: 60_000 };

export class OneLakeClient {
  constructor(private readonly endpoint: string) {}

  urlOf(file: OneLakeFile): string {
    return oneLakeFileUrl(this.endpoint, file.workspaceId, file.itemId, file.relativePath);
  }

  /**
   * Creates or replaces the file in one Put Blob request: readers see the old or the new content, never a part,
   * and writing the same name again (a retried job) replaces instead of duplicating.
   */
  async writeFile(file: OneLakeFile, content: string | Uint8Array, token: OneLakeTokenProvider, options: OneLakeWriteOptions): Promise<{ url: string }> {
    const url = this.urlOf(file);
    const { BlockBlobClient } = await import('@azure/storage-blob');
    const client = new BlockBlobClient(url, credential(token), { retryOptions: RETRY_OPTIONS });
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    try {
      await client.upload(body, body.byteLength, { blobHTTPHeaders: { blobContentType: options.contentType }, abortSignal: options.abortSignal });
    } catch (err) {
      throw oneLakeFailure(err, 'write');
    }
    return { url };
  }

  /** The file's content, or undefined when it does not exist. */
  async readFile(file: OneLakeFile, token: OneLakeTokenProvider, { abortSignal }: { readonly abortSignal?: AbortSignal } = {}): Promise<Buffer | undefined> {
    const { BlockBlobClient } = await import('@azure/storage-blob');
    const client = new BlockBlobClient(this.urlOf(file), credential(token), { retryOptions: RETRY_OPTIONS });
    try {
      return await client.downloadToBuffer(0, undefined, { abortSignal });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw oneLakeFailure(err, 'read');
    }
  }
}

/** A TokenCredential (structurally, so @azure/core-auth need not be a direct dependency). */
function credential(token: OneLakeTokenProvider): { getToken(): Promise<{ token: string; expiresOnTimestamp: number }> } {
  return {
    getToken: async () => {
      const t = await token();
      return { token: t.token, expiresOnTimestamp: t.expiresOnMs };
    },
  };
}

/** Maps a storage failure to a FabricError: 401/403 are the user's (permissions), 5xx and network transient. */
function oneLakeFailure(err: unknown, what: 'read' | 'write'): FabricError {
  if (err instanceof FabricError) return err; // token acquisition failed: already mapped by the token module
  const status = (err as { statusCode?: unknown }).statusCode;
  const code = (err as { code?: unknown }).code;
  if (status === 401 || status === 403) {
    return new OneLakeError(`OneLake denied the ${what} on the user's behalf (${status}${typeof code === 'string' ? ` ${code}` : ''}); check the user's access to the workspace`, {
      status: 403, errorCode: 'OneLakeAccessDenied', source: 'User', isPermanent: true, cause: err,
    });
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new OneLakeError(`OneLake rejected the ${what} (${status}${typeof code === 'string' ? ` ${code}` : ''})`, {
      status: 502, errorCode: 'OneLakeRequestFailed', source: 'External', isPermanent: true, cause: err,
    });
  }
  return new ServiceUnavailableError(`OneLake is unavailable for the ${what}; retry later`, { errorCode: 'OneLakeUnavailable', retryAfterSeconds: 5, cause: err });
}
