/**
 * No job attempt may reach the host's functionTimeout (the host would restart the worker process): every declared
 * job timeout plus the attempt margin stays below host.json functionTimeout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHostJson } from '../../../devtools/host/app/host-json';
import { HOST_FUNCTION_TIMEOUT_SECONDS, JOB_ATTEMPT_MARGIN_SECONDS, JOB_ATTEMPT_OVERHEAD_SECONDS, MAX_JOB_TIMEOUT_SECONDS } from '../../../src/catalog/job-type';
import { ITEM_TYPES } from '../../../src/workload/item-types';
import { defineItemType } from '../../../src/catalog';

const hostJson = readHostJson(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'host.json'), 'utf8')));

describe('job deadlines against host.json functionTimeout', () => {
  it('HOST_FUNCTION_TIMEOUT_SECONDS is host.json functionTimeout', () => {
    expect(HOST_FUNCTION_TIMEOUT_SECONDS * 1000).toBe(hostJson.functionTimeoutMs);
  });

  it('every job type deadline plus the attempt margin stays below functionTimeout', () => {
    const jobs = ITEM_TYPES.flatMap((t) => Object.entries(t.jobs ?? {}).map(([name, d]) => ({ name: `${t.name}.${name}`, timeoutSeconds: d.timeoutSeconds })));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect({ job: job.name, fits: (job.timeoutSeconds + JOB_ATTEMPT_MARGIN_SECONDS) * 1000 < hostJson.functionTimeoutMs }).toEqual({ job: job.name, fits: true });
  });

  it('the largest job timeout allowed, with the worst-case attempt overhead, still ends below functionTimeout', () => {
    expect((MAX_JOB_TIMEOUT_SECONDS + JOB_ATTEMPT_OVERHEAD_SECONDS) * 1000).toBeLessThan(hostJson.functionTimeoutMs);
  });

  it('defineItemType refuses a job timeout that leaves less than the margin', () => {
    const handler = async () => undefined;
    expect(() => defineItemType({ name: 'Slow', jobs: { Run: { timeoutSeconds: MAX_JOB_TIMEOUT_SECONDS + 1, handler } } } as never)).toThrow(/at most 510/);
    expect(() => defineItemType({ name: 'Fits', jobs: { Run: { timeoutSeconds: MAX_JOB_TIMEOUT_SECONDS, handler } } } as never)).not.toThrow();
  });
});
