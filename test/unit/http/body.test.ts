import { HttpRequest } from '@azure/functions';
import { readBodyBytes, readJsonObject } from '../../../src/http/body';
import { InvalidRequestError } from '../../../src/fabric/errors';

const post = (body: string | Buffer | undefined, headers: Record<string, string> = {}): HttpRequest =>
  new HttpRequest({ method: 'POST', url: 'http://localhost/api/x', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : { bytes: Buffer.from(body) } });

const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'accepted',
    (err: unknown) => (err instanceof InvalidRequestError ? err.errorCode : `unexpected ${String(err)}`),
  );

describe('request body', () => {
  it('reads the exact bytes', async () => {
    const bytes = Buffer.from('{"a":"é"}');
    expect((await readBodyBytes(post(bytes), 100)).equals(bytes)).toBe(true);
    expect((await readBodyBytes(post(undefined), 100)).length).toBe(0);
  });

  it('gives up past maxBytes whatever Content-Length says (absent, or understated)', async () => {
    expect(await codeOf(readBodyBytes(post('x'.repeat(101)), 100))).toBe('RequestBodyTooLarge');
    expect(await codeOf(readBodyBytes(post('x'.repeat(101), { 'content-length': '5' }), 100))).toBe('RequestBodyTooLarge');
    expect(await codeOf(readBodyBytes(post('{}', { 'content-length': '101' }), 100))).toBe('RequestBodyTooLarge');
    expect((await readBodyBytes(post('x'.repeat(100)), 100)).length).toBe(100);
  });

  it('parses a JSON object; refuses empty (unless allowed), invalid JSON and non-objects with 400', async () => {
    expect(await readJsonObject(post(' {"context":[]} '))).toEqual({ context: [] });
    expect(await readJsonObject(post(''), { allowEmpty: true })).toEqual({});
    expect(await codeOf(readJsonObject(post('')))).toBe('InvalidRequestBody');
    expect(await codeOf(readJsonObject(post('{"a":')))).toBe('InvalidRequestBody');
    for (const body of ['[]', '"x"', '1', 'null']) expect(await codeOf(readJsonObject(post(body)))).toBe('InvalidRequestBody');
  });
});
