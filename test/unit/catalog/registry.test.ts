import { createItemTypeRegistry, defineItemType, UnknownItemTypeError } from '../../../src/catalog';
import { ITEM_TYPES } from '../../../src/workload/item-types';

const handler = async () => undefined;

describe('item type registry', () => {
  const registry = createItemTypeRegistry('Org.Test', [
    defineItemType({ name: 'Calc', jobs: { Run: { timeoutSeconds: 60, handler }, Export: { timeoutSeconds: 5, handler } } }),
    defineItemType({ name: 'Notes' }),
  ]);

  it('names types <WorkloadName>.<Name> and finds them exactly', () => {
    expect(registry.itemTypes.map((t) => t.fullName)).toEqual(['Org.Test.Calc', 'Org.Test.Notes']);
    expect(registry.find('Org.Test.Calc')?.spec.name).toBe('Calc');
    expect(registry.find('org.test.calc')).toBeUndefined();
    expect(registry.find('Calc')).toBeUndefined();
  });

  it('answers an unknown type with a 400 listing the served types', () => {
    expect(() => registry.require('Org.Other.Calc')).toThrow(UnknownItemTypeError);
    try {
      registry.require('Org.Other.Calc');
    } catch (e) {
      const err = e as UnknownItemTypeError;
      expect(err.status).toBe(400);
      expect(err.errorCode).toBe('UnknownItemType');
      expect(err.message).toBe('Item type "Org.Other.Calc" is not served by this workload; it serves: Org.Test.Calc, Org.Test.Notes');
    }
  });

  it('does not echo odd type names', () => {
    expect(() => registry.require('<script>')).toThrow(/^The requested item type is not served/);
  });

  it('declares job types per item type as <WorkloadName>.<ItemType>.<Job>', () => {
    expect(registry.jobTypes.map((j) => j.fullName)).toEqual(['Org.Test.Calc.Run', 'Org.Test.Calc.Export']);
    const run = registry.findJobType('Org.Test.Calc.Run');
    expect(run?.itemType.fullName).toBe('Org.Test.Calc');
    expect(run?.declaration.timeoutSeconds).toBe(60);
    expect(registry.findJobType('Org.Test.Notes.Run')).toBeUndefined();
  });

  it('fails at declaration time for bad names, timeouts, duplicates and over-long job types', () => {
    expect(() => defineItemType({ name: 'Bad.Name' })).toThrow(/letters and digits/);
    expect(() => defineItemType({ name: '1abc' })).toThrow(/letters and digits/);
    expect(() => defineItemType({ name: 'A', jobs: { 'x-y': { timeoutSeconds: 1, handler } } })).toThrow(/Job name/);
    expect(() => defineItemType({ name: 'A', jobs: { X: { timeoutSeconds: 0, handler } } })).toThrow(/timeoutSeconds/);
    expect(() => defineItemType({ name: 'A', jobs: { X: { timeoutSeconds: 1.5, handler } } })).toThrow(/timeoutSeconds/);
    expect(() => createItemTypeRegistry('Org.Test', [defineItemType({ name: 'A' }), defineItemType({ name: 'A' })])).toThrow(/declared twice/);
    expect(() => defineItemType({ name: 'A', reads: { 'x-y': { read: () => null } } })).toThrow(/Read name "x-y"/);
    expect(() => defineItemType({ name: 'A', reads: { x: {} as never } })).toThrow(/Read A.x: read must be a function/);
    expect(() => createItemTypeRegistry('Org.' + 'W'.repeat(40), [defineItemType({ name: 'I'.repeat(30), jobs: { ['J'.repeat(30)]: { timeoutSeconds: 1, handler } } })])).toThrow(/longer than 96/);
  });

  it('is immutable', () => {
    expect(Object.isFrozen(registry)).toBe(true);
    expect(Object.isFrozen(registry.itemTypes)).toBe(true);
    expect(Object.isFrozen(registry.find('Org.Test.Calc')!.spec)).toBe(true);
    expect(Object.isFrozen(defineItemType({ name: 'R', reads: { summary: { read: () => null } } }).reads)).toBe(true);
  });

  it('the workload serves the Calculator sample', () => {
    const workload = createItemTypeRegistry('Org.FabricRemoteEndpoint', ITEM_TYPES);
    expect(workload.find('Org.FabricRemoteEndpoint.Calculator')).toBeDefined();
  });
});
