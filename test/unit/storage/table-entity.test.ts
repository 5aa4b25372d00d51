import fc from 'fast-check';
import { CorruptEntityError } from '../../../src/storage/errors';
import { CHUNK_BYTES, entitySizeBytes, readChunkedText, readChunks, writeChunkedText, writeChunks, type EntityProperties } from '../../../src/storage/table-entity';

describe('chunked properties', () => {
  it('splits bytes into binary parts of at most 64 KiB and joins them back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * CHUNK_BYTES }), fc.integer({ min: 0, max: 255 }), (size, fill) => {
        const bytes = Buffer.alloc(size, fill);
        const e: EntityProperties = {};
        writeChunks(e, 'blob', bytes);
        expect(e.blobChunks).toBe(Math.ceil(size / CHUNK_BYTES));
        for (const [k, v] of Object.entries(e)) if (k !== 'blobChunks') expect((v as Uint8Array).byteLength).toBeLessThanOrEqual(CHUNK_BYTES);
        expect(readChunks(e, 'blob')?.equals(bytes)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('round-trips text through UTF-8, the empty string included', () => {
    for (const text of ['', 'ascii', 'Näme \u{1F600}', 'x'.repeat(3 * CHUNK_BYTES + 1)]) {
      const e: EntityProperties = {};
      writeChunkedText(e, 'grant', text);
      expect(readChunkedText(e, 'grant')).toBe(text);
    }
  });

  it('answers undefined when the value was never written', () => {
    expect(readChunks({}, 'blob')).toBeUndefined();
    expect(readChunkedText({ other: 1 }, 'grant')).toBeUndefined();
  });

  it('reads the older text layout: string parts under the same names', () => {
    const legacy = { grantChunks: 3, grant0: 'a'.repeat(30_000), grant1: 'b'.repeat(30_000), grant2: 'c' };
    expect(readChunkedText(legacy, 'grant')).toBe(`${'a'.repeat(30_000)}${'b'.repeat(30_000)}c`);
  });

  it('refuses corrupt layouts instead of guessing', () => {
    const e: EntityProperties = {};
    writeChunks(e, 'blob', Buffer.alloc(CHUNK_BYTES + 1));
    expect(() => readChunks({ ...e, blob1: 'text' }, 'blob')).toThrow(CorruptEntityError);
    expect(() => readChunks({ ...e, blob1: undefined }, 'blob')).toThrow(/corrupt: blob1/);
    expect(() => readChunks({ blobChunks: -1 }, 'blob')).toThrow(/corrupt: blobChunks/);
    expect(() => readChunks({ blobChunks: 1.5 }, 'blob')).toThrow(CorruptEntityError);
    expect(() => readChunkedText({ grantChunks: 2, grant0: 'text', grant1: new Uint8Array(1) }, 'grant')).toThrow(CorruptEntityError);
    try {
      readChunks({ blobChunks: 'x' }, 'blob');
    } catch (err) {
      expect(err).toMatchObject({ name: 'CorruptEntityError', property: 'blobChunks' });
    }
    expect.assertions(6);
  });
});

describe('entitySizeBytes', () => {
  it('counts keys, names and values as Table Storage does', () => {
    // 4 + keys (1 + 1) × 2 + s: 8 + 2 + 4 + 2×2 + b: 8 + 2 + 4 + 3 + n: 8 + 2 + 8 + f: 8 + 2 + 1
    expect(entitySizeBytes({ partitionKey: 'p', rowKey: 'r', s: 'ab', b: new Uint8Array(3), n: 1, f: true, etag: 'ignored' })).toBe(8 + 18 + 17 + 18 + 11);
  });
});
