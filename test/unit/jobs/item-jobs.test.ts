import { itemJobsFilter, itemJobsPrefix, jobRowKey } from '../../../src/jobs/job-entity';

const key = { tenantId: '11111111-1111-4111-8111-111111111111', workspaceId: '22222222-2222-4222-8222-222222222222', itemId: '33333333-3333-4333-8333-333333333333' };

describe('job rows of an item', () => {
  it('every job RowKey of the item starts with the prefix, and no other item\'s does', () => {
    expect(jobRowKey(key.workspaceId, key.itemId, '44444444-4444-4444-8444-444444444444').startsWith(itemJobsPrefix(key.workspaceId, key.itemId))).toBe(true);
    expect(jobRowKey(key.workspaceId, '33333333-3333-4333-8333-333333333334', 'x').startsWith(itemJobsPrefix(key.workspaceId, key.itemId))).toBe(false);
  });

  it('select exactly the prefix range in the tenant partition', () => {
    expect(itemJobsFilter(key.tenantId, key.workspaceId, key.itemId)).toBe(
      `PartitionKey eq '${key.tenantId}' and RowKey ge '${key.workspaceId}_${key.itemId}_' and RowKey lt '${key.workspaceId}_${key.itemId}\`'`,
    );
  });
});
