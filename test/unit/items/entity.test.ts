import fc from 'fast-check';
import { fromEntity, toEntity } from '../../../src/items/entity';
import { CHUNK_BYTES, MAX_ENTITY_BYTES, entitySizeBytes } from '../../../src/storage/table-entity';
import { InvalidItemPayloadError } from '../../../src/catalog';
import { MAX_DEFINITION_BYTES, MAX_DEFINITION_PARTS, MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_NAME_LENGTH, MAX_PART_BYTES, MAX_PART_PATH_LENGTH, MAX_PAYLOAD_BYTES } from '../../../src/items/limits';
import type { StoredItem } from '../../../src/catalog/item';

const key = { tenantId: '11111111-1111-4111-8111-111111111111', workspaceId: '22222222-2222-4222-8222-222222222222', itemId: '33333333-3333-4333-8333-333333333333' };
const at = new Date('2025-01-02T03:04:05.678Z');
const base: StoredItem = { key, itemType: 'Org.Test.Thing', createdAt: at, updatedAt: at };

describe('item entity', () => {
  it('uses tenant as PartitionKey and <workspaceId>_<itemId> as RowKey', () => {
    const e = toEntity(base);
    expect(e.partitionKey).toBe(key.tenantId);
    expect(e.rowKey).toBe(`${key.workspaceId}_${key.itemId}`);
    expect(fromEntity(e)).toEqual(base);
  });

  it('round-trips every field, including actors, payload, definition and deletedAt', () => {
    const item: StoredItem = {
      ...base,
      displayName: 'Näme',
      description: '',
      payload: { a: [1, { b: null }], ü: 'ö' },
      definition: { format: 'json', parts: [{ path: 'definition.json', payloadType: 'InlineBase64', payload: Buffer.from('{"x":1}').toString('base64') }, { path: 'empty', payloadType: 'InlineBase64', payload: '' }] },
      createdBy: { oid: 'o1', name: 'N' },
      updatedBy: { oid: 'o2' },
      deletedAt: new Date('2025-02-03T00:00:00.000Z'),
    };
    expect(fromEntity(toEntity(item))).toEqual(item);
  });

  it('splits content into binary properties of at most 64 KiB and joins them back exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 * CHUNK_BYTES }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 255 }), (sizes, fill) => {
        const parts = sizes.map((n, i) => ({ path: `p${i}`, payloadType: 'InlineBase64' as const, payload: Buffer.alloc(n, (fill + i) % 256).toString('base64') }));
        const e = toEntity({ ...base, definition: { parts } });
        for (const v of Object.values(e)) if (v instanceof Uint8Array) expect(v.byteLength).toBeLessThanOrEqual(CHUNK_BYTES);
        expect(e.definitionChunks).toBe(Math.ceil(sizes.reduce((a, b) => a + b, 0) / CHUNK_BYTES));
        expect(fromEntity(e).definition).toEqual({ parts });
      }),
      { numRuns: 25 },
    );
  });

  it('fits the largest allowed item in one entity (1 MiB)', () => {
    const parts = [];
    let left = MAX_DEFINITION_BYTES;
    for (let i = 0; i < MAX_DEFINITION_PARTS; i++) {
      const n = Math.min(left, i === 0 ? MAX_PART_BYTES : Math.floor(MAX_PART_BYTES / 2));
      left -= n;
      parts.push({ path: `${String(i).padStart(2, '0')}${'p'.repeat(MAX_PART_PATH_LENGTH - 2)}`, payloadType: 'InlineBase64' as const, payload: Buffer.alloc(n).toString('base64') });
    }
    const item: StoredItem = {
      ...base,
      displayName: '\u{1F600}'.repeat(MAX_DISPLAY_NAME_LENGTH / 2),
      description: 'd'.repeat(MAX_DESCRIPTION_LENGTH),
      payload: { s: 'x'.repeat(MAX_PAYLOAD_BYTES - 8) },
      definition: { format: 'f'.repeat(64), parts },
      createdBy: { oid: key.itemId, name: 'n'.repeat(256) },
      updatedBy: { oid: key.itemId, name: 'n'.repeat(256) },
      deletedAt: at,
    };
    const e = toEntity(item);
    expect(entitySizeBytes(e)).toBeLessThanOrEqual(MAX_ENTITY_BYTES);
    expect(fromEntity(e)).toEqual(item);
  });

  it('refuses an item larger than an entity can hold', () => {
    const huge = { ...base, payload: { s: 'x'.repeat(MAX_ENTITY_BYTES) } };
    expect(() => toEntity(huge)).toThrow(InvalidItemPayloadError);
  });

  it('refuses corrupt or unknown entities instead of guessing', () => {
    const e = toEntity({ ...base, payload: { a: 1 } });
    expect(() => fromEntity({ ...e, schemaVersion: 2 })).toThrow(/unknown schema version/);
    expect(() => fromEntity({ ...e, payload0: 'text' })).toThrow(/corrupt/);
    expect(() => fromEntity({ ...e, createdAt: 'not a date' })).toThrow(/corrupt/);
  });
});
