/**
 * One readiness check per dependency. Each answers a stable state and never throws; none returns a value, a secret or
 * an error message (the sources log those). Each goes through the dependency's own cache, so a check costs a network
 * call only when the app itself would make one.
 */
import type { QueueClient } from '@azure/storage-queue';
import type { TableClient } from '@azure/data-tables';
import { CertificateInvalidError, KeyVaultReadError } from '../credentials/errors';
import type { CredentialSource } from '../credentials/types';
import { FabricError } from '../fabric/errors';
import { withStorage } from '../storage/errors';
import { GrantKeyConfigurationError } from '../tokens/errors';
import type { GrantKeyRing } from '../tokens/grant-keys';

/**
 * - ok: usable;
 * - missing: not there (Key Vault SecretNotFound or SecretDisabled, or nothing configured): write or configure it;
 * - invalid: there but unusable (a grant key that is not 32 bytes, a certificate that is not a PEM with its key);
 * - denied: the app's identity is refused (401/403): check its role assignments (new ones take minutes to apply);
 * - unavailable: unreachable or failing (outage, timeout): retry, check the service;
 * - notChecked: not checked because an earlier check failed (configuration).
 */
export type DependencyState = 'ok' | 'missing' | 'invalid' | 'denied' | 'unavailable' | 'notChecked';

/** What a failure means for readiness, from the error or its causes (Key Vault reads, grant key and certificate problems). */
export function stateOfFailure(err: unknown): DependencyState {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof KeyVaultReadError) return e.failure === 'not-found' || e.failure === 'disabled' ? 'missing' : e.failure === 'forbidden' ? 'denied' : 'unavailable';
    if (e instanceof GrantKeyConfigurationError) return e.problem === 'notConfigured' ? 'missing' : 'invalid';
    if (e instanceof CertificateInvalidError) return 'invalid';
    if (e instanceof FabricError && e.errorCode === 'StorageAccessDenied') return 'denied';
  }
  return 'unavailable';
}

/** The backend credential can be read (Key Vault, environment), or the managed identity issues its federated assertion. */
export async function checkBackendCredential(source: () => Pick<CredentialSource, 'current'>): Promise<DependencyState> {
  try {
    const { material } = await source().current();
    if (material.kind === 'assertion') await material.getAssertion();
    return 'ok';
  } catch (err) {
    return stateOfFailure(err);
  }
}

/** The key new long-running grants are sealed with can be had. */
export async function checkGrantKey(ring: () => Pick<GrantKeyRing, 'current'>): Promise<DependencyState> {
  try {
    await ring().current();
    return 'ok';
  } catch (err) {
    return stateOfFailure(err);
  }
}

/** The inbound token signing keys (JWKS) are loaded; prime() loads them when they are not. */
export async function checkSigningKeys(keys: () => { prime(): Promise<boolean> }): Promise<DependencyState> {
  try {
    return (await keys().prime()) ? 'ok' : 'unavailable';
  } catch (err) {
    return stateOfFailure(err);
  }
}

export interface StorageProbeTargets {
  readonly tables: readonly string[];
  readonly queues: readonly string[];
  readonly getTableClient: (name: string) => Promise<TableClient>;
  readonly getQueueClient: (name: string) => Promise<QueueClient>;
}

/**
 * The app's tables and queues answer: each is created on first use (as the app does) and then read with one small
 * request (a one-entity page; a one-message peek, which leaves the message visible). Denied wins over unavailable.
 */
export async function checkStorage(targets: StorageProbeTargets): Promise<DependencyState> {
  const results = await Promise.allSettled([
    ...targets.tables.map(async (name) => {
      const table = await targets.getTableClient(name);
      await withStorage(`read table ${name}`, () => table.listEntities({ queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 }).next());
    }),
    ...targets.queues.map(async (name) => {
      const queue = await targets.getQueueClient(name);
      await withStorage(`peek queue ${name}`, () => queue.peekMessages({ numberOfMessages: 1 }));
    }),
  ]);
  const states = results.map((r) => (r.status === 'fulfilled' ? 'ok' : stateOfFailure(r.reason)));
  return states.find((s) => s === 'denied') ?? states.find((s) => s !== 'ok') ?? 'ok';
}
