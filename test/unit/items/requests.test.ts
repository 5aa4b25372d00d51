import { InvalidItemPayloadError } from '../../../src/catalog';
import { parseToolkitDefinitionRequest, parseToolkitDeleteRequest, parseWdkCreateRequest, parseWdkUpdateRequest } from '../../../src/items/requests';

const reject = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidItemPayloadError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('WDK CreateItemRequest', () => {
  it('reads displayName, description, creationPayload and ignores unknown properties', () => {
    expect(parseWdkCreateRequest({ displayName: 'n', description: 'd', creationPayload: { a: 1 }, other: true })).toEqual({ displayName: 'n', description: 'd', payload: { a: 1 } });
    expect(parseWdkCreateRequest({ displayName: 'n', description: null, creationPayload: null })).toEqual({ displayName: 'n' });
  });
  it('requires a non-empty displayName of at most 256 characters', () => {
    expect(reject(() => parseWdkCreateRequest({}))).toBe('displayName is required');
    expect(reject(() => parseWdkCreateRequest({ displayName: '  ' }))).toBe('displayName must not be empty');
    expect(reject(() => parseWdkCreateRequest({ displayName: 5 }))).toBe('displayName must be a string');
    expect(reject(() => parseWdkCreateRequest({ displayName: 'x'.repeat(257) }))).toMatch(/longer than 256/);
    expect(parseWdkCreateRequest({ displayName: 'x'.repeat(256) }).displayName).toHaveLength(256);
  });
  it('rejects wrong types of description and creationPayload', () => {
    expect(reject(() => parseWdkCreateRequest({ displayName: 'n', description: 1 }))).toBe('description must be a string');
    expect(reject(() => parseWdkCreateRequest({ displayName: 'n', description: 'x'.repeat(4097) }))).toMatch(/description is longer/);
    expect(reject(() => parseWdkCreateRequest({ displayName: 'n', creationPayload: [1] }))).toBe('creationPayload must be a JSON object');
    expect(reject(() => parseWdkCreateRequest({ displayName: 'n', creationPayload: { s: 'x'.repeat(130 * 1024) } }))).toMatch(/creationPayload is larger than 131072 bytes/);
  });
});

describe('WDK UpdateItemRequest', () => {
  it('has PATCH semantics: absent and null fields are not in the patch', () => {
    expect(parseWdkUpdateRequest({})).toEqual({});
    expect(parseWdkUpdateRequest({ displayName: null, description: null, updatePayload: null })).toEqual({});
    expect(parseWdkUpdateRequest({ description: '' })).toEqual({ description: '' });
    expect(parseWdkUpdateRequest({ updatePayload: { a: null } })).toEqual({ payloadPatch: { a: null } });
  });
  it('rejects wrong types', () => {
    expect(reject(() => parseWdkUpdateRequest({ updatePayload: 'x' }))).toBe('updatePayload must be a JSON object');
    expect(reject(() => parseWdkUpdateRequest({ displayName: '' }))).toBe('displayName must not be empty');
  });
});

describe('toolkit requests', () => {
  it('reads an optional definition', () => {
    expect(parseToolkitDefinitionRequest({})).toEqual({});
    expect(parseToolkitDefinitionRequest({ definition: null })).toEqual({});
    expect(parseToolkitDefinitionRequest({ definition: { parts: [] } })).toEqual({ definition: { parts: [] } });
    expect(reject(() => parseToolkitDefinitionRequest({ definition: 'x' }))).toMatch(/definition must be an object/);
  });
  it('reads deleteType Hard|Soft; absent means Soft; anything else is rejected', () => {
    expect(parseToolkitDeleteRequest({ deleteType: 'Hard' })).toEqual({ deleteType: 'Hard' });
    expect(parseToolkitDeleteRequest({ deleteType: 'Soft' })).toEqual({ deleteType: 'Soft' });
    expect(parseToolkitDeleteRequest({})).toEqual({ deleteType: 'Soft' });
    expect(reject(() => parseToolkitDeleteRequest({ deleteType: 'hard' }))).toBe('deleteType must be "Hard" or "Soft"');
    for (const deleteType of [0, 1, '0', true, false, 'soft', ['Hard']]) expect(reject(() => parseToolkitDeleteRequest({ deleteType }))).toBe('deleteType must be "Hard" or "Soft"');
  });
});
