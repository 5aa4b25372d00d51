import { QueueConnectionError, resolveQueueConnection } from '../../../devtools/host/queues/connection';
import { decodeMessage, encodeMessage, MessageDecodingError, queueTriggerMetadata } from '../../../devtools/host/queues/message';
import { MIN_POLLING_DELAY_MS, nextPollingDelay } from '../../../devtools/host/queues/polling';
import { resolveSettingExpression } from '../../../devtools/host/host';

describe('queue message encoding', () => {
  it('decodes base64 and passes "none" through', () => {
    expect(decodeMessage(encodeMessage('{"a":"é"}', 'base64'), 'base64')).toBe('{"a":"é"}');
    expect(decodeMessage('raw text', 'none')).toBe('raw text');
    expect(() => decodeMessage('not base64!', 'base64')).toThrow(MessageDecodingError);
  });

  it('builds the trigger metadata the Functions host passes', () => {
    const meta = queueTriggerMetadata({ messageId: 'm1', popReceipt: 'p1', messageText: 'x', dequeueCount: 2, insertedOn: new Date(0), expiresOn: new Date(1000) }, '{"a":1}', 'work', new Date(5000));
    expect(meta.QueueTrigger).toEqual({ string: '{"a":1}' });
    expect(meta.DequeueCount).toEqual({ int: 2 });
    expect(meta.Id).toEqual({ string: 'm1' });
    expect(meta.PopReceipt).toEqual({ string: 'p1' });
    expect(JSON.parse(meta.InsertionTime.json!)).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.parse(meta.ExpirationTime.json!)).toBe('1970-01-01T00:00:01.000Z');
    expect(meta.NextVisibleTime).toBeUndefined();
    expect(JSON.parse(meta.sys.json!)).toMatchObject({ MethodName: 'work', UtcNow: '1970-01-01T00:00:05.000Z' });
  });
});

describe('polling back-off', () => {
  it('starts at 100 ms, doubles with ±20% jitter, and stops at the maximum', () => {
    expect(nextPollingDelay(0, 2000)).toBe(MIN_POLLING_DELAY_MS);
    expect(nextPollingDelay(100, 2000, () => 0.5)).toBe(200);
    expect(nextPollingDelay(100, 2000, () => 0)).toBe(160);
    expect(nextPollingDelay(100, 2000, () => 0.999)).toBe(240);
    expect(nextPollingDelay(1500, 2000, () => 0.5)).toBe(2000);
    let d = 0;
    for (let i = 0; i < 20; i++) d = nextPollingDelay(d, 2000, () => 0.5);
    expect(d).toBe(2000);
  });
});

describe('queue connections', () => {
  it('resolves a connection string from <name>, or AzureWebJobs<name>', () => {
    expect(resolveQueueConnection({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }, undefined)).toEqual({ kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' });
    expect(resolveQueueConnection({ AzureWebJobsOther: 'cs' }, 'Other')).toEqual({ kind: 'connectionString', connectionString: 'cs' });
    expect(resolveQueueConnection({ Other: 'direct', AzureWebJobsOther: 'prefixed' }, 'Other')).toEqual({ kind: 'connectionString', connectionString: 'direct' });
  });

  it('resolves identity-based connections', () => {
    expect(resolveQueueConnection({ AzureWebJobsStorage__queueServiceUri: 'https://acct.queue.core.windows.net', AzureWebJobsStorage__credential: 'managedidentity', AzureWebJobsStorage__clientId: 'cid' }, 'AzureWebJobsStorage')).toEqual({
      kind: 'identity',
      queueServiceUri: 'https://acct.queue.core.windows.net',
      credential: 'managedidentity',
      clientId: 'cid',
    });
    expect(resolveQueueConnection({ Q__accountName: 'acct' }, 'Q')).toMatchObject({ kind: 'identity', queueServiceUri: 'https://acct.queue.core.windows.net' });
  });

  it('refuses missing or insecure connections', () => {
    expect(() => resolveQueueConnection({}, 'Missing')).toThrow(QueueConnectionError);
    expect(() => resolveQueueConnection({ Q__queueServiceUri: 'http://acct.queue.core.windows.net' }, 'Q')).toThrow(/must use https/);
  });

  it('resolves %setting% binding expressions', () => {
    expect(resolveSettingExpression('%JOBS%', { JOBS: 'fabric-jobs' })).toBe('fabric-jobs');
    expect(resolveSettingExpression('literal', {})).toBe('literal');
    expect(() => resolveSettingExpression('%NOPE%', {})).toThrow(/"NOPE"/);
  });
});
