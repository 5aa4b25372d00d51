/** scripts/use-node22.sh runs a shell (and may install the pinned Node 22 from the npm registry), so it is not a unit test. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { REQUIRED_MAJOR } = require(join(root, 'scripts', 'check-node.cjs')) as { REQUIRED_MAJOR: number };

it('use-node22.sh leaves this shell on Node 22 or newer', () => {
  const out = execFileSync('bash', ['-c', '. scripts/use-node22.sh >/dev/null && node -p process.versions.node'], { cwd: root, encoding: 'utf8' });
  expect(Number(out.trim().split('.')[0])).toBeGreaterThanOrEqual(REQUIRED_MAJOR);
}, 120_000);
