import { RestError } from '@azure/core-rest-pipeline';
import { ServiceUnavailableError } from '../../../src/fabric/errors';
import { azureErrorCode, azureStatusCode, isStorageOutage, toStorageError, withStorage } from '../../../src/storage/errors';

function restError(status: number | undefined, options: { code?: string; details?: unknown; headerCode?: string } = {}): RestError {
  const e = new RestError('storage said no', { statusCode: status, code: options.code });
  if (options.details !== undefined) e.details = options.details;
  if (options.headerCode && status !== undefined) {
    Object.defineProperty(e, 'response', { value: { status, headers: { get: (n: string) => (n === 'x-ms-error-code' ? options.headerCode : undefined) } } });
  }
  return e;
}

describe('reading Azure storage errors', () => {
  it('reads the tables code from details.odataError.code (e.code is undefined in data-tables)', () => {
    const e = restError(409, { details: { odataError: { code: 'EntityAlreadyExists' } } });
    expect(e.code).toBeUndefined();
    expect(azureErrorCode(e)).toBe('EntityAlreadyExists');
    expect(azureStatusCode(e)).toBe(409);
  });

  it('falls back to details.errorCode (queues, blobs), then the x-ms-error-code header, then e.code', () => {
    expect(azureErrorCode(restError(409, { details: { errorCode: 'QueueAlreadyExists' } }))).toBe('QueueAlreadyExists');
    expect(azureErrorCode(restError(412, { headerCode: 'UpdateConditionNotSatisfied' }))).toBe('UpdateConditionNotSatisfied');
    expect(azureErrorCode(restError(undefined, { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(azureErrorCode('text')).toBeUndefined();
    expect(azureStatusCode(new Error('x'))).toBeUndefined();
  });
});

describe('storage outages', () => {
  it.each([500, 502, 503, 408, 429, 401, 403])('status %i is an outage', (status) => expect(isStorageOutage(restError(status))).toBe(true));
  it.each([400, 404, 409, 412])('status %i is not', (status) => expect(isStorageOutage(restError(status))).toBe(false));

  it('treats network failures, aborts and credential failures as outages', () => {
    expect(isStorageOutage(restError(undefined, { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isStorageOutage(restError(undefined, { code: 'REQUEST_SEND_ERROR' }))).toBe(true);
    expect(isStorageOutage(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(true);
    expect(isStorageOutage(Object.assign(new Error('no identity'), { name: 'CredentialUnavailableError' }))).toBe(true);
    expect(isStorageOutage(new TypeError('bug'))).toBe(false);
    expect(isStorageOutage(undefined)).toBe(false);
  });

  it('maps outages to a retryable 503 with Retry-After and leaves other errors alone', () => {
    const mapped = toStorageError(restError(503), 'read item');
    expect(mapped).toBeInstanceOf(ServiceUnavailableError);
    const fe = mapped as ServiceUnavailableError;
    expect(fe.status).toBe(503);
    expect(fe.errorCode).toBe('StorageUnavailable');
    expect(fe.isPermanent).toBe(false);
    expect(fe.headers['Retry-After']).toBe('5');
    expect(fe.message).toContain('read item');
    expect((toStorageError(restError(403), 'x') as ServiceUnavailableError).errorCode).toBe('StorageAccessDenied');
    const notFound = restError(404);
    expect(toStorageError(notFound, 'x')).toBe(notFound);
  });

  it('withStorage rethrows mapped errors and passes results through', async () => {
    await expect(withStorage('op', async () => 7)).resolves.toBe(7);
    await expect(withStorage('op', async () => Promise.reject(restError(500)))).rejects.toBeInstanceOf(ServiceUnavailableError);
    const bug = new TypeError('bug');
    await expect(withStorage('op', async () => Promise.reject(bug))).rejects.toBe(bug);
  });
});
