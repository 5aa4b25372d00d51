/**
 * The sandbox's own calls to the OneLake stand-in (Azurite blob over HTTPS): create a workspace container, list and
 * read files. Plain https with the sandbox certificate as CA and a bearer token from the local Entra ID (Azurite runs
 * with --oauth basic), because this process was started before the certificate existed and cannot trust it globally.
 */
import * as https from 'node:https';
import type { LocalEntra } from '../local-entra/server';

const STORAGE_RESOURCE = 'https://storage.azure.com';
const API_VERSION = '2021-10-04';

export interface OneLakeAdminOptions {
  readonly blobEndpoint: string;
  readonly ca: string;
  readonly idp: LocalEntra;
  readonly tenantId: string;
}

export interface BlobAnswer {
  readonly status: number;
  readonly body: Buffer;
  readonly contentType?: string;
}

export class OneLakeAdmin {
  constructor(private readonly o: OneLakeAdminOptions) {}

  private async request(method: string, path: string, query: Record<string, string> = {}): Promise<BlobAnswer> {
    const token = await this.o.idp.mint({ iss: `https://sts.windows.net/${this.o.tenantId}/`, aud: STORAGE_RESOURCE, appid: 'sandbox', idtyp: 'app', oid: 'sandbox', sub: 'sandbox' }, { tenantId: this.o.tenantId, expiresInSeconds: 600 });
    const url = new URL(`${this.o.blobEndpoint}/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, ca: this.o.ca, agent: false, headers: { authorization: `Bearer ${token}`, 'x-ms-version': API_VERSION, 'x-ms-date': new Date().toUTCString(), 'content-length': '0' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), contentType: res.headers['content-type'] }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Creates the container for a workspace (idempotent). */
  async createWorkspace(workspaceId: string): Promise<void> {
    const res = await this.request('PUT', encodeURIComponent(workspaceId), { restype: 'container' });
    if (res.status !== 201 && res.status !== 409) throw new Error(`Creating the OneLake container ${workspaceId} failed: HTTP ${res.status} ${res.body.toString()}`);
  }

  /** Blob names in the workspace under a prefix (e.g. `{itemId}/Files/`). */
  async list(workspaceId: string, prefix: string): Promise<string[]> {
    const res = await this.request('GET', encodeURIComponent(workspaceId), { restype: 'container', comp: 'list', prefix });
    if (res.status === 404) return [];
    if (res.status !== 200) throw new Error(`Listing OneLake files failed: HTTP ${res.status}`);
    return [...res.body.toString().matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  }

  async read(workspaceId: string, blobName: string): Promise<BlobAnswer> {
    return this.request('GET', `${encodeURIComponent(workspaceId)}/${blobName.split('/').map(encodeURIComponent).join('/')}`);
  }
}
