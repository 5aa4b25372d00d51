import { CONFIGURATION_INVALID, createReadinessCheck, NOT_READY_TTL_MS, READY_TTL_MS, readinessResponse, runChecks, type DependencyChecks, type DependencyState } from '../../../src/health/readiness';
import { createLogger } from '../../../src/observability/logger';

const ok = async (): Promise<DependencyState> => 'ok';
const allOk: DependencyChecks = { backendCredential: ok, longRunningGrantKey: ok, storage: ok };

describe('runChecks', () => {
  it('names the state of each dependency', async () => {
    expect(await runChecks(allOk)).toEqual({ backendCredential: 'ok', longRunningGrantKey: 'ok', storage: 'ok' });
    expect(await runChecks({ ...allOk, backendCredential: async () => 'missing', longRunningGrantKey: async () => 'denied' })).toEqual({ backendCredential: 'missing', longRunningGrantKey: 'denied', storage: 'ok' });
  });

  it('a check that throws, or is still running at the deadline, is unavailable', async () => {
    const states = await runChecks({ ...allOk, storage: () => new Promise<DependencyState>(() => undefined), longRunningGrantKey: async () => Promise.reject(new Error('boom')) }, 20);
    expect(states).toEqual({ backendCredential: 'ok', longRunningGrantKey: 'unavailable', storage: 'unavailable' });
  });
});

describe('createReadinessCheck', () => {
  function harness() {
    const state = { t: 0, configValid: true, probes: 0, keyCalls: 0, signingKeys: 'ok' as DependencyState, storage: 'ok' as DependencyState, lines: [] as string[] };
    const log = createLogger({ log: (m: string) => state.lines.push(`info ${m}`), warn: (m: string) => state.lines.push(`warn ${m}`), error: (m: string) => state.lines.push(`error ${m}`) });
    const check = createReadinessCheck({
      configurationValid: () => state.configValid,
      signingKeys: async () => {
        state.keyCalls++;
        return state.signingKeys;
      },
      dependencies: () => {
        state.probes++;
        return { ...allOk, storage: async () => state.storage };
      },
      log,
      now: () => state.t,
    });
    return { check, state };
  }

  it('ready, naming every check, when all are ok', async () => {
    const { check } = harness();
    expect(await check()).toEqual({ status: 'ready', checks: { configuration: 'ok', signingKeys: 'ok', backendCredential: 'ok', longRunningGrantKey: 'ok', storage: 'ok' } });
  });

  it('invalid configuration: notReady, nothing else checked', async () => {
    const { check, state } = harness();
    state.configValid = false;
    expect(await check()).toEqual(CONFIGURATION_INVALID);
    expect(CONFIGURATION_INVALID.checks).toEqual({ configuration: 'invalid', signingKeys: 'notChecked', backendCredential: 'notChecked', longRunningGrantKey: 'notChecked', storage: 'notChecked' });
    expect(state.probes + state.keyCalls).toBe(0);
  });

  it('probes the dependencies once per TTL (shorter while not ready) and logs only changes', async () => {
    const { check, state } = harness();
    state.storage = 'unavailable';
    const first = await Promise.all([check(), check(), check()]);
    expect(first.map((r) => r.status)).toEqual(['notReady', 'notReady', 'notReady']);
    expect(state.probes).toBe(1);
    state.t = NOT_READY_TTL_MS - 1;
    expect((await check()).checks.storage).toBe('unavailable');
    expect(state.probes).toBe(1);
    state.t = NOT_READY_TTL_MS;
    expect((await check()).checks.storage).toBe('unavailable');
    state.storage = 'ok';
    state.t = 2 * NOT_READY_TTL_MS;
    expect((await check()).status).toBe('ready');
    state.t = 2 * NOT_READY_TTL_MS + READY_TTL_MS - 1;
    await check();
    expect(state.probes).toBe(3);
    expect(state.lines).toEqual(['warn Readiness: notReady storage=unavailable', 'info Readiness: ready']);
  });

  it('asks the signing keys on every call (their source caches): a JWKS recovery shows at once', async () => {
    const { check, state } = harness();
    state.signingKeys = 'unavailable';
    expect(await check()).toMatchObject({ status: 'notReady', checks: { signingKeys: 'unavailable', storage: 'ok' } });
    state.signingKeys = 'ok';
    expect(await check()).toMatchObject({ status: 'ready', checks: { signingKeys: 'ok' } });
    expect({ keyCalls: state.keyCalls, probes: state.probes }).toEqual({ keyCalls: 2, probes: 1 });
  });
});

describe('readinessResponse', () => {
  it('200 when ready, 503 when not; never cached', async () => {
    const { status, checks } = { status: 'ready' as const, checks: { ...CONFIGURATION_INVALID.checks, configuration: 'ok' as const } };
    expect(readinessResponse({ status, checks })).toMatchObject({ status: 200, headers: { 'Cache-Control': 'no-store' } });
    expect(readinessResponse(CONFIGURATION_INVALID)).toMatchObject({ status: 503, jsonBody: CONFIGURATION_INVALID, headers: { 'Cache-Control': 'no-store' } });
  });
});
