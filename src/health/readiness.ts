/**
 * Readiness of this endpoint: the configuration is valid, and every dependency a request may need answers: the inbound
 * token signing keys (JWKS), the backend credential, the long-running grant key and storage (tables, jobs queue).
 * Each dependency gets one stable state (see checks.ts); never a value, a secret or an error message.
 *
 * The signing keys are asked on every call: their source holds them in memory and fetches with a single flight of
 * its own. The other checks run together, each bounded by a deadline, and their result is cached with a single
 * flight: kept READY_TTL_MS while they are all ok and NOT_READY_TTL_MS while not, so health polling costs at most one
 * probe per TTL per instance, and a fix (a secret written to Key Vault) shows within seconds. The credential and the
 * grant key are read through the app's own cached sources, so while ready they cost no Key Vault call at all.
 */
import type { HttpResponseInit } from '@azure/functions';
import { ConfigError } from '../config/errors';
import type { CredentialSource } from '../credentials/types';
import { json } from '../http/respond';
import { ITEMS_TABLE } from '../items/store';
import { JOBS_TABLE } from '../jobs/job-entity';
import { createLogger, type Logger } from '../observability/logger';
import type { Clock } from '../shared/clock';
import type { StorageClients } from '../storage/clients';
import type { GrantKeyRing } from '../tokens/grant-keys';
import { checkBackendCredential, checkGrantKey, checkSigningKeys, checkStorage, type DependencyState } from './checks';
import { cachedProbe } from './probe-cache';

export type { DependencyState } from './checks';

/** The dependencies checked through the cached probe. */
export type DependencyName = 'backendCredential' | 'longRunningGrantKey' | 'storage';
export type DependencyChecks = Readonly<Record<DependencyName, () => Promise<DependencyState>>>;
export type DependencyStates = Readonly<Record<DependencyName, DependencyState>>;

export interface Readiness {
  readonly status: 'ready' | 'notReady';
  readonly checks: { readonly configuration: 'ok' | 'invalid'; readonly signingKeys: DependencyState } & DependencyStates;
}

export const READY_TTL_MS = 30_000;
export const NOT_READY_TTL_MS = 5_000;
/** Above the storage operation deadline (about 12.6 s), so storage reports its own outage first. */
export const CHECK_DEADLINE_MS = 15_000;

export const CONFIGURATION_INVALID: Readiness = {
  status: 'notReady',
  checks: { configuration: 'invalid', signingKeys: 'notChecked', backendCredential: 'notChecked', longRunningGrantKey: 'notChecked', storage: 'notChecked' },
};

/** Runs every check at once; a check still running after `deadlineMs` counts as unavailable. */
export async function runChecks(checks: DependencyChecks, { deadlineMs = CHECK_DEADLINE_MS }: { readonly deadlineMs?: number } = {}): Promise<DependencyStates> {
  const names = Object.keys(checks) as DependencyName[];
  const states = await Promise.all(names.map((name) => withDeadline(checks[name], deadlineMs)));
  return Object.fromEntries(names.map((name, i) => [name, states[i]])) as Record<DependencyName, DependencyState>;
}

const allOk = (states: Readonly<Record<string, DependencyState>>): boolean => Object.values(states).every((s) => s === 'ok');

async function withDeadline(check: () => Promise<DependencyState>, ms: number): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([check().catch((): DependencyState => 'unavailable'), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessCheckOptions {
  /** False when the configuration is invalid (then nothing else is checked). */
  readonly configurationValid: () => boolean;
  /** Asked on every call (the key source caches by itself). */
  readonly signingKeys: () => Promise<DependencyState>;
  /** The other dependency checks; called once per probe. */
  readonly dependencies: () => DependencyChecks;
  readonly log: Logger;
  readonly deadlineMs?: number;
  readonly clock?: Clock;
}

/** A readiness check: configuration and signing keys on every call, the other dependencies through the cached probe. Logs changes. */
export function createReadinessCheck(options: ReadinessCheckOptions): () => Promise<Readiness> {
  let previous: string | undefined;
  const probe = cachedProbe(() => runChecks(options.dependencies(), { deadlineMs: options.deadlineMs }), { ttlMs: (r) => (allOk(r) ? READY_TTL_MS : NOT_READY_TTL_MS), clock: options.clock });
  return async () => {
    if (!options.configurationValid()) return CONFIGURATION_INVALID;
    const [signingKeys, states] = await Promise.all([options.signingKeys(), probe.get()]);
    const checks = { configuration: 'ok' as const, signingKeys, ...states };
    const readiness: Readiness = { status: allOk({ signingKeys, ...states }) ? 'ready' : 'notReady', checks };
    const summary = JSON.stringify(checks);
    if (summary !== previous) {
      if (readiness.status === 'ready') options.log.info('Readiness: ready');
      else options.log.warn(`Readiness: notReady ${notOk(readiness)}`);
    }
    previous = summary;
    return readiness;
  };
}

function notOk(readiness: Readiness): string {
  return Object.entries(readiness.checks)
    .filter(([, state]) => state !== 'ok')
    .map(([name, state]) => `${name}=${state}`)
    .join(' ');
}

/** The parts of the app readiness checks: the ones requests use, so every check goes through the app's own caches. */
export interface ReadinessTargets {
  readonly config: { readonly jobsQueueName: string };
  readonly inboundAuth: { readonly keys: { prime(): Promise<boolean> } };
  readonly credentials: Pick<CredentialSource, 'current'>;
  readonly grantKeys: Pick<GrantKeyRing, 'current'>;
  readonly storage: Pick<StorageClients, 'getTableClient' | 'getQueueClient'>;
}

/** The readiness check of the app `load` answers (it throws ConfigError while the configuration is invalid). */
export function appReadinessCheck(load: () => ReadinessTargets): () => Promise<Readiness> {
  const configurationValid = (): boolean => {
    try {
      load();
      return true;
    } catch (err) {
      if (err instanceof ConfigError) return false;
      throw err;
    }
  };
  const dependencies = (): DependencyChecks => {
    const app = load();
    return {
      backendCredential: () => checkBackendCredential(() => app.credentials),
      longRunningGrantKey: () => checkGrantKey(() => app.grantKeys),
      storage: () =>
        checkStorage({
          tables: [ITEMS_TABLE, JOBS_TABLE],
          queues: [app.config.jobsQueueName],
          getTableClient: (name) => app.storage.getTableClient(name),
          getQueueClient: (name) => app.storage.getQueueClient(name),
        }),
    };
  };
  return createReadinessCheck({
    configurationValid,
    signingKeys: () => checkSigningKeys(() => load().inboundAuth.keys),
    dependencies,
    log: createLogger(console, { component: 'health' }),
  });
}

/** 200 when ready, else 503; never cached. */
export function readinessResponse(readiness: Readiness): HttpResponseInit {
  return json(readiness.status === 'ready' ? 200 : 503, readiness, { headers: { 'Cache-Control': 'no-store' } });
}
