import { encodeJobMessage, parseJobMessage } from '../../../src/jobs/message';
import { JobMessageInvalid } from '../../../src/jobs/errors';

const key = {
  tenantId: 'dddddddd-1111-4111-8111-111111111111',
  workspaceId: 'aaaaaaaa-0000-4000-8000-000000000001',
  itemId: 'bbbbbbbb-0000-4000-8000-000000000002',
  jobInstanceId: 'cccccccc-0000-4000-8000-000000000003',
};

describe('job queue message', () => {
  it('is base64 JSON carrying ids only', () => {
    const text = encodeJobMessage({ ...key, grant: 'secret', subjectToken: 'eyJx' } as typeof key);
    const decoded = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    expect(decoded).toEqual({ version: 1, ...key });
  });

  it('reads what the trigger delivers: an object, a JSON string or bytes', () => {
    const json = Buffer.from(encodeJobMessage(key), 'base64').toString('utf8');
    expect(parseJobMessage(JSON.parse(json))).toEqual({ version: 1, ...key });
    expect(parseJobMessage(json)).toEqual({ version: 1, ...key });
    expect(parseJobMessage(Buffer.from(json))).toEqual({ version: 1, ...key });
  });

  it.each([
    ['not json', /not JSON/],
    [[1, 2], /not a JSON object/],
    [{ ...key }, /version must be 1/],
    [{ version: 2, ...key }, /version must be 1/],
    [{ version: 1, ...key, itemId: 'x' }, /itemId must be a lower-case GUID/],
    [{ version: 1, ...key, tenantId: key.tenantId.toUpperCase() }, /tenantId must be a lower-case GUID/],
  ])('rejects %p', (input, message) => {
    expect(() => parseJobMessage(input)).toThrow(JobMessageInvalid);
    expect(() => parseJobMessage(input)).toThrow(message);
  });
});
