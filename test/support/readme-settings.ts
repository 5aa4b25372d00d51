/** The settings table of README.md ("## Configuration"), one entry per row, read the way a user reads it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReadmeSettingRow {
  readonly name: string;
  readonly required: boolean;
  /** The Default cell, without backticks ('' when blank). */
  readonly defaultValue: string;
  /** The "Set by infra" cell says yes. */
  readonly setByInfra: boolean;
  readonly description: string;
}

export function readmeSettingRows(readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')): ReadmeSettingRow[] {
  return readme
    .split('\n')
    .filter((l) => /^\| `[A-Za-z_]+` \| (yes|no) \|/.test(l))
    .map((l) => {
      // Cells are split on unescaped pipes (descriptions write `\|`).
      const cells = l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      return {
        name: cells[0].replace(/`/g, ''),
        required: cells[1] === 'yes',
        defaultValue: cells[2].replace(/`/g, ''),
        setByInfra: cells[3] === 'yes',
        description: cells[4],
      };
    });
}
