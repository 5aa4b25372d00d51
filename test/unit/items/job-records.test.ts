import { JOB_RECORDS_TABLE, jobRecordsFilter, jobRecordsRowKeyPrefix } from '../../../src/items/job-records';
import { JOBS_TABLE, jobRowKey } from '../../../src/jobs/job-entity';

const key = { tenantId: '11111111-1111-4111-8111-111111111111', workspaceId: '22222222-2222-4222-8222-222222222222', itemId: '33333333-3333-4333-8333-333333333333' };

describe('job records of an item', () => {
  it('match the jobs module: same table, and every job RowKey of the item starts with the prefix', () => {
    expect(JOB_RECORDS_TABLE).toBe(JOBS_TABLE);
    expect(jobRowKey(key.workspaceId, key.itemId, '44444444-4444-4444-8444-444444444444').startsWith(jobRecordsRowKeyPrefix(key))).toBe(true);
    expect(jobRowKey(key.workspaceId, '33333333-3333-4333-8333-333333333334', 'x').startsWith(jobRecordsRowKeyPrefix(key))).toBe(false);
  });

  it('select exactly the prefix range in the tenant partition', () => {
    expect(jobRecordsFilter(key)).toBe(
      `PartitionKey eq '${key.tenantId}' and RowKey ge '${key.workspaceId}_${key.itemId}_' and RowKey lt '${key.workspaceId}_${key.itemId}\`'`,
    );
  });
});
