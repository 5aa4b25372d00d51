/** Every folder of src/ is placed: in README's layout table, in docs/architecture.md and in a layer of the import rules. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const architecture = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cruiser = require(join(root, '.dependency-cruiser.cjs')) as { forbidden: { name: string; from: { path?: string | string[] } }[] };
const layered = cruiser.forbidden.filter((r) => r.name.startsWith('no-upward-from-')).flatMap((r) => [r.from.path ?? []].flat());
const entryLayer = ['src/index\\.ts$', 'src/functions/'];

describe('the layout is documented and layered', () => {
  it.each(folders)('src/%s/ has a row in README "Project layout"', (folder) => {
    expect(readme.split('\n').some((l) => l.startsWith('| ') && l.includes(`\`src/${folder}/`))).toBe(true);
  });

  it.each(folders)('src/%s/ is named in docs/architecture.md', (folder) => {
    expect(architecture).toMatch(new RegExp(`\\b${folder}\\b`));
  });

  it.each(folders)('src/%s/ is in a layer of .dependency-cruiser.cjs', (folder) => {
    expect([...layered, ...entryLayer].some((pattern) => new RegExp(pattern).test(`src/${folder}/x.ts`))).toBe(true);
  });
});
