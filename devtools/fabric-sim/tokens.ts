/**
 * Where the simulator gets Fabric's tokens: the sandbox's control API (it holds the local Entra ID's keys), or a
 * LocalEntra instance in the same process (tests). Both mint exactly what devtools/local-entra/fabric-tokens.ts mints.
 */
import { fabricHeaders, frontendToken, type LocalUser, type WorkloadIdentity } from '../local-entra/fabric-tokens';
import type { LocalEntra } from '../local-entra/server';

export interface TokenSource {
  /** Control-plane headers as Fabric sends them; user null = app-only (subjectToken=""), undefined = the default user. */
  fabricHeaders(user?: LocalUser | null): Promise<Record<string, string>>;
  /** The workload frontend's data-plane Bearer token for these scopes. */
  frontendToken(scopes: readonly string[], user?: LocalUser): Promise<string>;
}

export class LocalEntraTokens implements TokenSource {
  constructor(
    private readonly idp: LocalEntra,
    private readonly workload: WorkloadIdentity,
    private readonly defaultUser: LocalUser,
  ) {}

  fabricHeaders(user?: LocalUser | null): Promise<Record<string, string>> {
    return fabricHeaders(this.idp, this.workload, user === null ? undefined : (user ?? this.defaultUser));
  }

  frontendToken(scopes: readonly string[], user?: LocalUser): Promise<string> {
    return frontendToken(this.idp, this.workload, user ?? this.defaultUser, scopes);
  }
}
