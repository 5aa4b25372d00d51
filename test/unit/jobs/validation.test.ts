import { FabricError } from '../../../src/fabric/errors';
import { parseInvokeType, parseItemPath, parseToolkitCreate, parseToolkitJobRef, parseWdkCreate, parseWdkJobPath, MAX_EXECUTION_DATA_CHARS } from '../../../src/jobs/validation';

const WS = 'AAAAAAAA-0000-4000-8000-000000000001';
const ITEM = 'bbbbbbbb-0000-4000-8000-000000000002';
const JOB = 'cccccccc-0000-4000-8000-000000000003';
const ITEM_TYPE = 'Org.FabricRemoteEndpoint.Calculator';
const JOB_TYPE = `${ITEM_TYPE}.Calculate`;
const path = { workspaceId: WS, itemType: ITEM_TYPE, itemId: ITEM };
const item = parseItemPath(path);

function rejects(fn: () => unknown, errorCode: string, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(FabricError);
  expect((thrown as FabricError).status).toBe(400);
  expect((thrown as FabricError).errorCode).toBe(errorCode);
  expect((thrown as FabricError).message).toMatch(message);
}

describe('job route validation', () => {
  it('normalises GUIDs to lower case', () => {
    expect(item).toEqual({ workspaceId: WS.toLowerCase(), itemType: ITEM_TYPE, itemId: ITEM });
  });

  it.each([
    [{ ...path, workspaceId: 'not-a-guid' }, /workspaceId must be a GUID/],
    [{ ...path, itemId: undefined }, /itemId must be a GUID/],
    [{ ...path, itemType: 'Calculator' }, /itemType must look like/],
    [{ ...path, itemType: `Org.${'x'.repeat(100)}.Calc` }, /at most 96/],
  ])('rejects bad path parameters %#', (p, message) => {
    rejects(() => parseItemPath(p), 'InvalidRequest', message);
  });

  it('parses a toolkit create body with executionData and a definition', () => {
    const definition = { parts: [{ path: 'definition.json', payload: Buffer.from('{}').toString('base64'), payloadType: 'InlineBase64' }] };
    const input = parseToolkitCreate({ jobType: JOB_TYPE, jobInstanceId: JOB.toUpperCase(), executionData: { steps: 3 }, definition, futureField: 1 }, item);
    expect(input).toEqual({ ...item, jobType: JOB_TYPE, jobInstanceId: JOB, invokeType: 'Manual', executionData: { steps: 3 }, definition });
  });

  it('treats null executionData and definition as absent', () => {
    const input = parseToolkitCreate({ jobType: JOB_TYPE, jobInstanceId: JOB, executionData: null, definition: null }, item);
    expect(input).not.toHaveProperty('executionData');
    expect(input).not.toHaveProperty('definition');
  });

  it.each([
    [{ jobInstanceId: JOB }, 'InvalidRequest', /jobType is required/],
    [{ jobType: 42, jobInstanceId: JOB }, 'InvalidRequest', /jobType is required/],
    [{ jobType: JOB_TYPE }, 'InvalidRequest', /jobInstanceId must be a GUID/],
    [{ jobType: JOB_TYPE, jobInstanceId: 'x' }, 'InvalidRequest', /jobInstanceId must be a GUID/],
    [{ jobType: 'Org.Other.Item.Calculate', jobInstanceId: JOB }, 'JobTypeMismatch', /does not belong to item type/],
    [{ jobType: `${ITEM_TYPE}.A.B`, jobInstanceId: JOB }, 'JobTypeMismatch', /does not belong/],
    [{ jobType: JOB_TYPE, jobInstanceId: JOB, executionData: [1] }, 'InvalidRequest', /executionData must be a JSON object/],
    [{ jobType: JOB_TYPE, jobInstanceId: JOB, executionData: 'steps=3' }, 'InvalidRequest', /executionData must be a JSON object/],
    [{ jobType: JOB_TYPE, jobInstanceId: JOB, executionData: { big: 'x'.repeat(MAX_EXECUTION_DATA_CHARS) } }, 'RequestBodyTooLarge', /larger than/],
    [{ jobType: JOB_TYPE, jobInstanceId: JOB, definition: { parts: 'no' } }, 'InvalidItemPayload', /parts/],
    [{ jobType: JOB_TYPE, jobInstanceId: JOB, definition: { parts: [{ path: 'a.json', payload: 'not base64!', payloadType: 'InlineBase64' }] } }, 'InvalidItemPayload', /base64/],
  ])('rejects a bad toolkit create body %#', (body, code, message) => {
    rejects(() => parseToolkitCreate(body, item), code, message);
  });

  it('parses toolkit status/cancel bodies', () => {
    expect(parseToolkitJobRef({ jobType: JOB_TYPE, jobInstanceId: JOB }, item)).toEqual({ jobType: JOB_TYPE, jobInstanceId: JOB });
    rejects(() => parseToolkitJobRef({ jobType: JOB_TYPE }, item), 'InvalidRequest', /jobInstanceId/);
  });

  it('parses WDK paths and create bodies', () => {
    const p = parseWdkJobPath({ ...path, jobType: JOB_TYPE, jobInstanceId: JOB });
    expect(p.jobInstanceId).toBe(JOB);
    expect(parseWdkCreate({ invokeType: 'Scheduled', creationPayload: { steps: 2 } }, p)).toEqual({ ...p, invokeType: 'Scheduled', executionData: { steps: 2 } });
    expect(parseWdkCreate({ invokeType: 'Manual' }, p)).not.toHaveProperty('executionData');
    rejects(() => parseWdkCreate({}, p), 'InvalidRequest', /invokeType is required/);
    rejects(() => parseWdkCreate({ invokeType: 'Sometimes' }, p), 'InvalidRequest', /invokeType must be one of UnknownFutureValue, Scheduled, Manual/);
    rejects(() => parseWdkCreate({ invokeType: 'Manual', creationPayload: 3 }, p), 'InvalidRequest', /creationPayload must be a JSON object/);
    rejects(() => parseWdkJobPath({ ...path, jobType: JOB_TYPE, jobInstanceId: '1' }), 'InvalidRequest', /jobInstanceId/);
  });

  describe('invokeType: the name or the number Fabric sends', () => {
    const p = parseWdkJobPath({ ...path, jobType: JOB_TYPE, jobInstanceId: JOB });

    it.each([
      ['UnknownFutureValue', 'UnknownFutureValue'],
      ['Scheduled', 'Scheduled'],
      ['Manual', 'Manual'],
      [0, 'UnknownFutureValue'],
      [1, 'Scheduled'],
      [2, 'Manual'],
    ])('%j is recorded as %s', (wire, name) => {
      expect(parseInvokeType(wire)).toBe(name);
      expect(parseWdkCreate({ invokeType: wire, creationPayload: { steps: 2 } }, p)).toEqual({ ...p, invokeType: name, executionData: { steps: 2 } });
      expect(parseWdkCreate({ invokeType: wire }, p)).toEqual({ ...p, invokeType: name });
    });

    it.each([[3], [-1], [1.5], [Number.MAX_SAFE_INTEGER], ['2'], [''], ['manual'], ['MANUAL'], [' Manual'], [true], [false], [[2]], [{ value: 2 }]])(
      'rejects %j with a 400 naming both spellings',
      (wire) => {
        rejects(() => parseWdkCreate({ invokeType: wire }, p), 'InvalidRequest', /^invokeType must be one of UnknownFutureValue, Scheduled, Manual \(or their numbers 0 to 2\)$/);
      },
    );

    it('null and absent are "required"', () => {
      rejects(() => parseWdkCreate({ invokeType: null }, p), 'InvalidRequest', /^invokeType is required$/);
      rejects(() => parseInvokeType(undefined), 'InvalidRequest', /^invokeType is required$/);
    });
  });
});
