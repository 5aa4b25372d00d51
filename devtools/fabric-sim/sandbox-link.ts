/**
 * The simulator's link to a running sandbox through its dev-only control API: tokens, and the sandbox-side actions
 * Fabric itself would own (workspace storage, item permissions, reading OneLake, injecting a consent error).
 */
import type { LocalUser } from '../local-entra/fabric-tokens';
import type { SandboxState } from '../sandbox/state';
import type { TokenSource } from './tokens';

/** What the scenario needs from the world around the endpoint (Fabric's side). */
export interface FabricSide {
  /** Makes sure the workspace's OneLake container exists (in Fabric it always does). */
  createWorkspace(workspaceId: string): Promise<void>;
  /** Item permissions the local Fabric API answers for the user (Fabric's permission model). */
  setPermissions(itemId: string, userObjectId: string, permissions: readonly string[]): Promise<void>;
  /** A OneLake file's bytes, or undefined when it does not exist. */
  readOneLakeFile(workspaceId: string, path: string): Promise<Buffer | undefined>;
}

/** The control API gave no answer (SandboxUnreachable) or refused the call (SandboxControlFailed). */
export class ControlApiError extends Error {
  override readonly name = 'ControlApiError';
  constructor(
    readonly code: 'SandboxUnreachable' | 'SandboxControlFailed',
    message: string,
  ) {
    super(message);
  }
}

export class SandboxLink implements TokenSource, FabricSide {
  constructor(private readonly state: Pick<SandboxState, 'controlUrl' | 'controlKey'>) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.state.controlUrl}${path}`, {
        method,
        headers: { 'x-sandbox-key': this.state.controlKey, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ControlApiError('SandboxUnreachable', `The sandbox control API at ${this.state.controlUrl} did not answer (${(err as Error).message}): is \`npm run dev\` running?`);
    }
    if (!res.ok && res.status !== 404) throw new ControlApiError('SandboxControlFailed', `Control API ${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res;
  }

  async fabricHeaders(user?: LocalUser | null): Promise<Record<string, string>> {
    const res = await this.call('POST', '/tokens/fabric-headers', user === undefined ? {} : { user });
    return ((await res.json()) as { headers: Record<string, string> }).headers;
  }

  async frontendToken(scopes: readonly string[], user?: LocalUser): Promise<string> {
    const res = await this.call('POST', '/tokens/frontend', { scopes, ...(user ? { user } : {}) });
    return ((await res.json()) as { token: string }).token;
  }

  async createWorkspace(workspaceId: string): Promise<void> {
    await this.call('PUT', `/workspaces/${encodeURIComponent(workspaceId)}`);
  }

  async setPermissions(itemId: string, userObjectId: string, permissions: readonly string[]): Promise<void> {
    await this.call('PUT', `/permissions/${encodeURIComponent(itemId)}/${encodeURIComponent(userObjectId)}`, { permissions });
  }

  /** Names of the workspace's OneLake files starting with `prefix`. */
  async listOneLakeFiles(workspaceId: string, prefix: string): Promise<string[]> {
    const res = await this.call('GET', `/onelake/${encodeURIComponent(workspaceId)}?prefix=${encodeURIComponent(prefix)}`);
    if (res.status === 404) return [];
    return ((await res.json()) as { files: string[] }).files;
  }

  async readOneLakeFile(workspaceId: string, path: string): Promise<Buffer | undefined> {
    const res = await this.call('GET', `/onelake/${encodeURIComponent(workspaceId)}/${path.split('/').map(encodeURIComponent).join('/')}`);
    if (res.status === 404) return undefined;
    return Buffer.from(await res.arrayBuffer());
  }

  async setConsentError(on: boolean): Promise<void> {
    await this.call(on ? 'PUT' : 'DELETE', '/faults/consent-required');
  }
}
