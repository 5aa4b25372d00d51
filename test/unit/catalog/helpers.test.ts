/** The catalog's helpers as any item type uses them (the Calculator's own tests cover its messages). */
import { InvalidRequestError } from '../../../src/fabric/errors';
import { InvalidItemPayloadError, JobError, pause, readExecutionData, readJsonPart, withInputErrors, type ItemDefinition } from '../../../src/catalog';

const part = (path: string, content: string | Buffer): ItemDefinition['parts'][number] => ({
  path,
  payloadType: 'InlineBase64',
  payload: (typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64'),
});
const read = (parts: ItemDefinition['parts']) => readJsonPart({ parts }, { typeName: 'WordCount', part: 'text.json', maxBytes: 16 });

describe('readJsonPart', () => {
  it('reads the named part, with .platform beside it', () => {
    expect(read([part('text.json', '{"a":1}'), part('.platform', 'anything')])).toEqual({ a: 1 });
  });

  it.each([
    [[part('other.json', '{}'), part('text.json', '{}')], 'The WordCount definition has only the part text.json (and optionally .platform)'],
    [[part('.platform', '{}')], 'The WordCount definition needs the part text.json'],
    [[part('text.json', `"${'x'.repeat(20)}"`)], 'text.json is larger than 16 bytes'],
    [[part('text.json', Buffer.from([0x22, 0xff, 0x22]))], 'text.json is not valid UTF-8'],
    [[part('text.json', '{')], 'text.json is not valid JSON'],
  ])('refuses %# with InvalidItemPayloadError', (parts, message) => {
    expect(() => read(parts)).toThrow(new InvalidItemPayloadError(message));
  });
});

describe('readExecutionData', () => {
  it('reads whole numbers within bounds, the fallback when absent or null', () => {
    const data = readExecutionData({ n: 3, m: null }, ['n', 'm', 'k']);
    expect([data.wholeNumber('n', { min: 1, max: 5, fallback: 1 }), data.wholeNumber('m', { min: 0, max: 5, fallback: 2 }), data.wholeNumber('k', { min: 0, max: 5, fallback: 4 })]).toEqual([3, 2, 4]);
    expect(readExecutionData(undefined, []).wholeNumber('n', { min: 0, max: 1, fallback: 0 })).toBe(0);
  });

  it.each([1.5, 0, 6, '3', true])('refuses %p as a whole number from 1 to 5 (400 InvalidExecutionData)', (value) => {
    const err = (() => {
      try {
        readExecutionData({ n: value }, ['n']).wholeNumber('n', { min: 1, max: 5, fallback: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ errorCode: 'InvalidExecutionData', message: 'executionData.n must be a whole number from 1 to 5' });
  });

  it('refuses unknown properties, naming the allowed ones', () => {
    expect(() => readExecutionData({ n: 1, x: 2 }, ['n'])).toThrow('executionData has unknown properties (allowed: n)');
  });
});

describe('withInputErrors', () => {
  it('turns InvalidItemPayloadError into a permanent user JobError, other errors pass', () => {
    const bad = () => withInputErrors(() => { throw new InvalidItemPayloadError('no'); }, { errorCode: 'BadInput', describe: (m) => `Input: ${m}` });
    expect(bad).toThrow(JobError);
    expect(bad).toThrow('Input: no');
    try {
      bad();
    } catch (e) {
      expect(e).toMatchObject({ errorCode: 'BadInput', source: 'User', isPermanent: true });
    }
    expect(() => withInputErrors(() => { throw new RangeError('other'); }, { errorCode: 'BadInput' })).toThrow(RangeError);
    expect(withInputErrors(() => 7, { errorCode: 'BadInput' })).toBe(7);
  });
});

describe('pause', () => {
  it('stops with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const waiting = pause(60_000, controller.signal);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('returns at once for 0 ms', async () => {
    await expect(pause(0, new AbortController().signal)).resolves.toBeUndefined();
  });
});
