/** docs/entra-app.md asks for what the code checks: its scopes, the Fabric app ids, the settings the registration fills. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FABRIC_WORKLOAD_CONTROL_SCOPE } from '../../../src/auth/inbound/control-plane';
import { SETTINGS } from '../../../src/config';
import { LOCAL_CONFIGURATION_HINT } from '../../../src/config/config';
import { ITEM_READ_SCOPE, ITEM_READWRITE_SCOPE } from '../../../src/data-plane/scopes';

const root = join(__dirname, '..', '..', '..');
const doc = readFileSync(join(root, 'docs', 'entra-app.md'), 'utf8');
const setting = (name: string) => SETTINGS.find((s) => s.name === name) as { defaultValue?: string } | undefined;

describe('docs/entra-app.md', () => {
  it('exposes the scopes the pre-handlers require', () => {
    for (const scope of [FABRIC_WORKLOAD_CONTROL_SCOPE, ITEM_READ_SCOPE, ITEM_READWRITE_SCOPE]) expect(doc).toContain(`\`${scope}\``);
  });

  it('pre-authorizes every app FABRIC_APP_IDS accepts by default for the control-plane scope', () => {
    const ids = setting('FABRIC_APP_IDS')!.defaultValue!.split(',');
    const row = doc.split('\n').find((l) => l.startsWith(`| Scope \`${FABRIC_WORKLOAD_CONTROL_SCOPE}\``))!;
    for (const id of ids) expect(row).toContain(id);
    // The CLI recipe pre-authorizes the same apps.
    for (const id of ids) expect(doc).toContain(`{\\"appId\\":\\"${id}\\",\\"delegatedPermissionIds\\":[\\"$CONTROL\\"]}`);
  });

  it('asks for the idtyp optional claim the app-token check relies on', () => {
    expect(doc).toContain('`idtyp`');
    expect(doc).toContain('{\\"name\\":\\"idtyp\\"}');
  });

  it('names only settings the code reads, and every required one', () => {
    const named = [...doc.matchAll(/^\| `([A-Za-z_]+)` \|/gm)].map((m) => m[1]);
    const known = SETTINGS.map((s) => s.name as string);
    expect(named.filter((n) => !known.includes(n))).toEqual([]);
    expect(SETTINGS.filter((s) => s.required).map((s) => s.name).filter((n) => !named.includes(n))).toEqual([]);
  });

  it('is the page the start-up hint and README point at', () => {
    expect(LOCAL_CONFIGURATION_HINT).toContain('docs/entra-app.md');
    expect(existsSync(join(root, 'docs', 'entra-app.md'))).toBe(true);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('(docs/entra-app.md)');
  });
});
