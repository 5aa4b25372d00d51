import { ConflictError, InternalError, ServiceUnavailableError } from '../../../src/fabric/errors';
import { JobError } from '../../../src/catalog';
import { JobErrors, toJobErrorBody } from '../../../src/jobs/errors';

describe('job error bodies', () => {
  it('a JobError keeps its code, source and permanence', () => {
    const e = new JobError('bad input', { errorCode: 'BadInput', source: 'User', isPermanent: true, moreDetails: [{ errorCode: 'X', message: 'y' }] });
    expect(toJobErrorBody(e)).toEqual({ permanent: true, body: { errorCode: 'BadInput', message: 'bad input', source: 'User', isPermanent: true, moreDetails: [{ errorCode: 'X', message: 'y' }] } });
    expect(toJobErrorBody(new JobError('later', { errorCode: 'Busy', source: 'External', isPermanent: false })).permanent).toBe(false);
  });

  it('a FabricError decides permanence itself: 4xx permanent stops, 503 retries', () => {
    expect(toJobErrorBody(new ConflictError('taken'))).toMatchObject({ permanent: true, body: { errorCode: 'Conflict', source: 'User' } });
    expect(toJobErrorBody(new ServiceUnavailableError('down', { errorCode: 'StorageUnavailable' }))).toMatchObject({ permanent: false, body: { errorCode: 'StorageUnavailable', isPermanent: false } });
    expect(toJobErrorBody(new InternalError({ cause: new Error('secret detail') })).body.message).toBe('Internal error');
  });

  it('anything else is a transient internal error that reveals nothing', () => {
    const { body, permanent } = toJobErrorBody(new TypeError('token eyJabc.def.ghi leaked in a message'));
    expect(permanent).toBe(false);
    expect(body).toEqual(JobErrors.internal());
    expect(JSON.stringify(body)).not.toMatch(/eyJ|leaked/);
  });

  it('retries exhausted carries the last error as a detail', () => {
    const last = { errorCode: 'OneLakeUnavailable', message: 'OneLake is unavailable', source: 'System' as const, isPermanent: false };
    expect(JobErrors.retriesExhausted(5, { last })).toEqual({
      errorCode: 'JobRetriesExhausted',
      message: 'The job failed on every attempt (5) and will not be retried; last error: OneLake is unavailable',
      source: 'System',
      isPermanent: false,
      moreDetails: [{ errorCode: 'OneLakeUnavailable', message: 'OneLake is unavailable' }],
    });
    expect(JobErrors.retriesExhausted(5)).not.toHaveProperty('moreDetails');
  });
});
