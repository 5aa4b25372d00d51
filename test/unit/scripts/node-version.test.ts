import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeVersionProblem, REQUIRED_MAJOR } = require(join(root, 'scripts', 'check-node.cjs')) as {
  nodeVersionProblem: (version: string) => string | undefined;
  REQUIRED_MAJOR: number;
};

describe('Node.js 22 LTS is the runtime', () => {
  it('refuses an older Node with a message that says how to get 22', () => {
    for (const v of ['20.20.2', 'v20.19.0', '18.0.0', 'garbage']) {
      const problem = nodeVersionProblem(v);
      expect(problem).toContain('Node.js 22 LTS');
      expect(problem).toContain('nvm install');
      expect(problem).toContain('scripts/use-node22.sh');
    }
  });

  it('accepts 22 and newer', () => {
    for (const v of ['22.0.0', 'v22.23.5', '24.1.0']) expect(nodeVersionProblem(v)).toBeUndefined();
  });

  it('runs the tests themselves on Node 22 or newer', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(REQUIRED_MAJOR);
  });

  it('declares 22 everywhere: engines, .nvmrc, @types/node, the bundle target, and the scripts that start things', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.engines.node).toBe('>=22');
    expect(readFileSync(join(root, '.nvmrc'), 'utf8').trim()).toBe('22');
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^22\./);
    for (const script of ['dev', 'host', 'pretest', 'bench']) expect(pkg.scripts[script]).toMatch(/^node scripts\/check-node\.cjs && /);
    expect(pkg.scripts.bundle).toContain('--target=node22');
  });
});
