import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../../../src/config';
import { readmeSettingRows } from '../../support/readme-settings';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('README configuration table', () => {
  it.each(SETTINGS.map((s) => [s.name, s] as const))('documents %s with its default', (name, spec) => {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    const d = (spec as { defaultValue?: string }).defaultValue;
    if (d !== undefined) expect(row).toContain(`\`${d}\``);
  });

  it('lists no setting the code does not read', () => {
    const documented = readme.split('\n').filter((l) => /^\| `[A-Za-z_]+` \| (yes|no) \|/.test(l)).map((l) => /^\| `([A-Za-z_]+)`/.exec(l)![1]);
    expect(documented.sort()).toEqual(SETTINGS.map((s) => s.name).sort());
  });

  it('marks "Set by infra" exactly for the settings src/config/settings.ts marks setByInfra (which the infra drift test holds to the Bicep)', () => {
    const rows = readmeSettingRows(readme);
    expect(rows).toHaveLength(SETTINGS.length);
    const marked = (list: readonly { name: string; setByInfra?: boolean }[]) => list.filter((s) => s.setByInfra).map((s) => s.name).sort();
    expect(marked(rows)).toEqual(marked(SETTINGS));
    expect(marked(rows)).toEqual(expect.arrayContaining(['PUBLIC_BASE_URL', 'BACKEND_CERTIFICATE_NAME']));
  });

  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm run dev');
    expect(readme).toContain('npm ci && npm test');
  });
});
