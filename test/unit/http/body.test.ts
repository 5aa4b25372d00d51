import { HttpRequest } from '@azure/functions';
import { readBodyBytes, readJsonObject } from '../../../src/http/body';
import { FabricError } from '../../../src/fabric/errors';

const post = (body: string | Buffer | undefined, headers: Record<string, string> = {}): HttpRequest =>
  new HttpRequest({ method: 'POST', url: 'http://localhost/api/x', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : { bytes: Buffer.from(body) } });

const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'accepted',
    (err: unknown) => (err instanceof FabricError && err.status < 500 ? `${err.status} ${err.errorCode}` : `unexpected ${String(err)}`),
  );

describe('request body', () => {
  it('reads the exact bytes', async () => {
    const bytes = Buffer.from('{"a":"é"}');
    expect((await readBodyBytes(post(bytes), 100)).equals(bytes)).toBe(true);
    expect((await readBodyBytes(post(undefined), 100)).length).toBe(0);
  });

  it('gives up past maxBytes whatever Content-Length says (absent, or understated)', async () => {
    expect(await codeOf(readBodyBytes(post('x'.repeat(101)), 100))).toBe('400 RequestBodyTooLarge');
    expect(await codeOf(readBodyBytes(post('x'.repeat(101), { 'content-length': '5' }), 100))).toBe('400 RequestBodyTooLarge');
    expect(await codeOf(readBodyBytes(post('{}', { 'content-length': '101' }), 100))).toBe('400 RequestBodyTooLarge');
    expect((await readBodyBytes(post('x'.repeat(100)), 100)).length).toBe(100);
  });

  it('parses a JSON object; refuses empty (unless allowed), invalid JSON and non-objects with 400', async () => {
    expect(await readJsonObject(post(' {"context":[]} '))).toEqual({ context: [] });
    expect(await readJsonObject(post(''), { allowEmpty: true })).toEqual({});
    expect(await codeOf(readJsonObject(post('')))).toBe('400 InvalidRequestBody');
    expect(await codeOf(readJsonObject(post('{"a":')))).toBe('400 InvalidRequestBody');
    for (const body of ['[]', '"x"', '1', 'null']) expect(await codeOf(readJsonObject(post(body)))).toBe('400 InvalidRequestBody');
  });

  it('refuses a body sent with Transfer-Encoding and no Content-Length: 411 LengthRequired (the Functions host empties it)', async () => {
    for (const body of ['', '{"displayName":"x"}']) {
      expect(await codeOf(readJsonObject(post(body, { 'transfer-encoding': 'chunked' }), { allowEmpty: true }))).toBe('411 LengthRequired');
      expect(await codeOf(readBodyBytes(post(body, { 'transfer-encoding': 'gzip, chunked' }), 100))).toBe('411 LengthRequired');
    }
    expect(await readJsonObject(post('{"a":1}', { 'content-length': '7' }))).toEqual({ a: 1 });
  });

  it('applies the JSON rules to what it read: UTF-8, depth, member names', async () => {
    expect(await codeOf(readJsonObject(post(Buffer.concat([Buffer.from('{"displayName":"ev'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('il"}')]))))).toBe('400 RequestBodyNotUtf8');
    expect(await codeOf(readJsonObject(post(`{"executionData":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)))).toBe('400 RequestBodyTooDeep');
    expect(await codeOf(readJsonObject(post('{"displayName":"a","displayName":"b"}')))).toBe('400 RequestBodyDuplicateMember');
  });
});
