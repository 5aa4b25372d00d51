import { ConfigError } from '../../../src/config/errors';
import { ServiceUnavailableError } from '../../../src/fabric/errors';
import { errorResponse } from '../../../src/http/respond';
import type { Logger } from '../../../src/observability/logger';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (m: string, p?: object) => void lines.push(p ? `${m} ${JSON.stringify(p)}` : m);
  return { lines, info: record, warn: record, error: record };
}

describe('errorResponse', () => {
  it('answers an invalid configuration 503 ConfigurationInvalid, and logs the code without the problem list (logged once at start-up)', () => {
    const log = recordingLogger();
    const res = errorResponse(new ConfigError(['TENANT_ID is still the sample\'s placeholder "<publisher tenant GUID>": …', 'BACKEND_APPID is required: …'], { hint: 'use npm run dev' }), log);
    expect(res.status).toBe(503);
    expect(res.jsonBody).toEqual({ errorCode: 'ConfigurationInvalid', message: 'The endpoint is not configured correctly; see its start-up log', source: 'System', isPermanent: false });
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^Request failed: ConfigurationInvalid \(the configuration problems are in the start-up log\)/);
    expect(log.lines[0]).not.toMatch(/TENANT_ID|BACKEND_APPID|npm run dev/);
  });

  it('still logs the cause of other 5xx answers', () => {
    const log = recordingLogger();
    errorResponse(new ServiceUnavailableError('Storage is unavailable (read item); retry later', { errorCode: 'StorageUnavailable', cause: new Error('connect ECONNREFUSED 127.0.0.1:10002') }), log);
    expect(log.lines[0]).toContain('ECONNREFUSED');
  });
});
