import { CONFIGURATION_INVALID, createReadinessCheck, NOT_READY_TTL_MS, READY_TTL_MS, readinessResponse, runChecks, type DependencyChecks, type DependencyState } from '../../../src/health/readiness';
import { createLogger } from '../../../src/observability/logger';

const ok = async (): Promise<DependencyState> => 'ok';
const allOk: DependencyChecks = { signingKeys: ok, backendCredential: ok, longRunningGrantKey: ok, storage: ok };

describe('runChecks', () => {
  it('ready only when every dependency is ok; names each state', async () => {
    expect(await runChecks(allOk)).toEqual({
      status: 'ready',
      checks: { configuration: 'ok', signingKeys: 'ok', backendCredential: 'ok', longRunningGrantKey: 'ok', storage: 'ok' },
    });
    const r = await runChecks({ ...allOk, backendCredential: async () => 'missing', longRunningGrantKey: async () => 'missing' });
    expect(r).toEqual({
      status: 'notReady',
      checks: { configuration: 'ok', signingKeys: 'ok', backendCredential: 'missing', longRunningGrantKey: 'missing', storage: 'ok' },
    });
  });

  it('a check that throws, or is still running at the deadline, is unavailable', async () => {
    const r = await runChecks({ ...allOk, storage: () => new Promise<DependencyState>(() => undefined), signingKeys: async () => Promise.reject(new Error('boom')) }, 20);
    expect(r.checks).toMatchObject({ storage: 'unavailable', signingKeys: 'unavailable', backendCredential: 'ok' });
    expect(r.status).toBe('notReady');
  });
});

describe('createReadinessCheck', () => {
  function harness() {
    const state = { t: 0, configValid: true, probes: 0, storage: 'ok' as DependencyState, lines: [] as string[] };
    const log = createLogger({ log: (m: string) => state.lines.push(`info ${m}`), warn: (m: string) => state.lines.push(`warn ${m}`), error: (m: string) => state.lines.push(`error ${m}`) });
    const check = createReadinessCheck({
      configurationValid: () => state.configValid,
      checks: () => {
        state.probes++;
        return { ...allOk, storage: async () => state.storage };
      },
      log,
      now: () => state.t,
    });
    return { check, state };
  }

  it('invalid configuration: notReady, nothing else checked', async () => {
    const { check, state } = harness();
    state.configValid = false;
    expect(await check()).toEqual(CONFIGURATION_INVALID);
    expect(CONFIGURATION_INVALID.checks).toEqual({ configuration: 'invalid', signingKeys: 'notChecked', backendCredential: 'notChecked', longRunningGrantKey: 'notChecked', storage: 'notChecked' });
    expect(state.probes).toBe(0);
  });

  it('probes once per TTL and logs only changes', async () => {
    const { check, state } = harness();
    state.storage = 'unavailable';
    await Promise.all([check(), check(), check()]);
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
});

describe('readinessResponse', () => {
  it('200 when ready, 503 when not; never cached', async () => {
    const ready = readinessResponse(await runChecks(allOk));
    expect(ready).toMatchObject({ status: 200, headers: { 'Cache-Control': 'no-store' } });
    expect(readinessResponse(CONFIGURATION_INVALID)).toMatchObject({ status: 503, jsonBody: CONFIGURATION_INVALID, headers: { 'Cache-Control': 'no-store' } });
  });
});
