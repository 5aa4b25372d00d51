import { cachedProbe } from '../../../src/health/probe-cache';

function harness() {
  const state = { t: 0, runs: 0, result: 'ready', fail: false, gate: undefined as Promise<void> | undefined };
  const probe = cachedProbe(
    async () => {
      state.runs++;
      if (state.gate) await state.gate;
      if (state.fail) throw new Error('probe failed');
      return state.result;
    },
    { ttlMs: (r) => (r === 'ready' ? 30_000 : 5_000), now: () => state.t },
  );
  return { probe, state };
}

it('concurrent callers share one run (single flight)', async () => {
  const { probe, state } = harness();
  let open!: () => void;
  state.gate = new Promise((r) => (open = r));
  const all = Array.from({ length: 25 }, () => probe.get());
  open();
  expect(await Promise.all(all)).toEqual(Array(25).fill('ready'));
  expect(state.runs).toBe(1);
});

it('keeps a result for the TTL the result asks for: longer while ready, shorter while not', async () => {
  const { probe, state } = harness();
  await probe.get();
  state.result = 'notReady';
  state.t = 29_999;
  expect(await probe.get()).toBe('ready');
  expect(state.runs).toBe(1);
  state.t = 30_000;
  expect(await probe.get()).toBe('notReady');
  state.t = 34_999;
  expect(await probe.get()).toBe('notReady');
  expect(state.runs).toBe(2);
  state.result = 'ready';
  state.t = 35_000;
  expect(await probe.get()).toBe('ready');
  expect(state.runs).toBe(3);
});

it('a failed run is not cached: every caller of that run sees the error, the next call runs again', async () => {
  const { probe, state } = harness();
  state.fail = true;
  await expect(Promise.all([probe.get(), probe.get()])).rejects.toThrow('probe failed');
  expect(state.runs).toBe(1);
  state.fail = false;
  expect(await probe.get()).toBe('ready');
  expect(state.runs).toBe(2);
});
