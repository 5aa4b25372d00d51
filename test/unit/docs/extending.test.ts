/** docs/extending.md shows the test's WordCount sample type as it would sit in src/workload/word-count/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

it('the listing in docs/extending.md is test/fixtures/word-count/item-type.ts with src/workload import paths', () => {
  const doc = readFileSync(join(root, 'docs', 'extending.md'), 'utf8');
  const listing = doc.match(/```ts\n(\/\*\*\n \* A second sample item type[\s\S]*?)```/)?.[1];
  const fixture = readFileSync(join(root, 'test', 'fixtures', 'word-count', 'item-type.ts'), 'utf8');
  expect(listing).toBe(fixture.replaceAll("'../../../src/", "'../../"));
});
