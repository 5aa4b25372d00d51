import { formatLogLine, workerConsoleEntry } from '../../../devtools/host/logger';
import { describePollingFailure } from '../../../devtools/host/queues/polling-failure';

describe("the worker's console output in the host log", () => {
  it('stdout lines are information', () => {
    expect(workerConsoleEntry('Invalid configuration error warn', 'stdout')).toEqual({ level: 'information', category: 'system', message: 'Invalid configuration error warn' });
  });

  it('stderr lines are graded by their words, as the Functions host grades them', () => {
    expect(workerConsoleEntry('Readiness: notReady storage=unavailable', 'stderr').level).toBe('information');
    expect(workerConsoleEntry('a Warning about x', 'stderr').level).toBe('warning');
    expect(workerConsoleEntry('Request failed: StorageUnavailable', 'stderr').level).toBe('error');
    expect(workerConsoleEntry('TypeError: boom', 'stderr').level).toBe('error');
    expect(workerConsoleEntry('SEVERE: x', 'stderr').level).toBe('error');
    expect(workerConsoleEntry('Unhandled exception in handler', 'stderr').level).toBe('error');
  });

  it('each line gets a timestamp', () => {
    const line = formatLogLine(workerConsoleEntry('- TENANT_ID is required', 'stderr'), new Date('2026-12-06T09:00:00.000Z'));
    expect(line).toBe('[2026-12-06T09:00:00.000Z] - TENANT_ID is required');
  });
});

describe('describePollingFailure', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10001'), { code: 'ECONNREFUSED' });

  it('says Azurite is not running, and how to start it, when a loopback storage endpoint refuses the connection', () => {
    const m = describePollingFailure('fabric-jobs', 'http://127.0.0.1:10001/devstoreaccount1/fabric-jobs', refused);
    expect(m).toContain("Polling queue 'fabric-jobs' failed: nothing listens at 127.0.0.1:10001 (ECONNREFUSED): Azurite is not running.");
    expect(m).toContain('npx azurite');
    expect(m).toContain('npm run dev');
  });

  it('names the storage endpoint, not Azurite, for a remote account', () => {
    const m = describePollingFailure('fabric-jobs', 'https://st1.queue.core.windows.net/fabric-jobs', refused);
    expect(m).toContain('storage at st1.queue.core.windows.net refused the connection');
    expect(m).not.toContain('Azurite');
  });

  it('passes other failures through with their message', () => {
    expect(describePollingFailure('q', 'http://127.0.0.1:1/q', Object.assign(new Error('Server failed to authenticate'), { statusCode: 403 }))).toBe("Polling queue 'q' failed: Server failed to authenticate");
  });
});
