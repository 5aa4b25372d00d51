import { fromEntity, itemJobsFilter, jobRowKey, toEntity } from '../../../src/jobs/job-entity';
import { InternalError } from '../../../src/fabric/errors';
import type { JobRecord } from '../../../src/jobs/job-record';

const base: JobRecord = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  workspaceId: 'aaaaaaaa-0000-4000-8000-000000000001',
  itemId: 'bbbbbbbb-0000-4000-8000-000000000002',
  jobInstanceId: 'cccccccc-0000-4000-8000-000000000003',
  itemType: 'Org.X.Calculator',
  jobType: 'Org.X.Calculator.Calculate',
  invokeType: 'Manual',
  createdUtc: '2026-01-01T00:00:00.000Z',
  timeoutSeconds: 540,
  status: 'NotStarted',
  attempts: 0,
};

describe('job entity mapping', () => {
  it('keys a job by tenant and `${workspaceId}_${itemId}_${jobInstanceId}`', () => {
    const e = toEntity(base);
    expect(e.partitionKey).toBe(base.tenantId);
    expect(e.rowKey).toBe(`${base.workspaceId}_${base.itemId}_${base.jobInstanceId}`);
    expect(e.rowKey).toBe(jobRowKey(base.workspaceId, base.itemId, base.jobInstanceId));
  });

  it('round-trips every field, splitting large values over several properties', () => {
    const full: JobRecord = {
      ...base,
      status: 'InProgress',
      startTimeUtc: '2026-01-01T00:00:01.000Z',
      cancelRequestedUtc: '2026-01-01T00:00:02.000Z',
      runId: 'run',
      attempts: 2,
      progress: { completedSteps: 3, totalSteps: 10 },
      checkpointState: { value: 1.5 },
      lastHeartbeatUtc: '2026-01-01T00:00:03.000Z',
      lastError: { errorCode: 'E', message: 'm', source: 'System', isPermanent: false },
      errorDetails: { errorCode: 'F', message: 'n', source: 'User', isPermanent: true },
      user: { oid: 'o', name: 'Ann' },
      executionData: { steps: 10 },
      grant: 'g'.repeat(70_000),
      definitionSnapshot: { parts: [{ path: 'definition.json', payload: 'A'.repeat(100_000), payloadType: 'InlineBase64' }] },
    };
    const e = toEntity(full);
    for (const v of Object.values(e)) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(30_000);
    const back = fromEntity(e);
    for (const [k, v] of Object.entries(full)) expect([k, (back as unknown as Record<string, unknown>)[k]]).toEqual([k, v]);
  });

  it('omits absent optional fields, so a replace clears them', () => {
    const e = toEntity(base);
    for (const k of ['grant0', 'grantChunks', 'runId', 'errorDetails', 'startTimeUtc', 'checkpointState']) expect(e).not.toHaveProperty(k);
  });

  it('refuses an unknown status', () => {
    expect(() => fromEntity({ ...toEntity(base), status: 'Paused' })).toThrow(/unknown status/);
  });
});

describe('itemJobsFilter', () => {
  const T = '11111111-1111-4111-8111-111111111111';
  const W = '0c0c0c0c-0000-4000-8000-00000000000a';
  const I = '1d1d1d1d-0000-4000-8000-00000000000b';

  it('is a range over the item\'s row-key prefix in the tenant\'s partition', () => {
    expect(itemJobsFilter(T, W, I)).toBe(`PartitionKey eq '${T}' and RowKey ge '${W}_${I}_' and RowKey lt '${W}_${I}\`'`);
  });

  it.each([
    ['tenantId', `${T}' or PartitionKey ne '`, W, I],
    ['workspaceId', T, 'x', I],
    ['itemId', T, W, "x' or RowKey ne '"],
    ['itemId (empty)', T, W, ''],
  ])('refuses a %s that is not a GUID instead of writing it into the query', (_name, t, w, i) => {
    expect(() => itemJobsFilter(t, w, i)).toThrow(InternalError);
  });
});
