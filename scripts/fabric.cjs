// `npm run fabric`: runs the Fabric simulator (dist/devtools/fabric-sim/cli.js), building the project first when it
// has not been built yet (a fresh clone). The build's output goes to stderr, so `--json` output stays one object.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { nodeVersionProblem } = require('./check-node.cjs');

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'devtools', 'fabric-sim', 'cli.js');

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
if (!existsSync(cli)) {
  console.error('The simulator is not built yet: running `npm run build` first (about 20 s, once).');
  const npm = process.env.npm_execpath;
  const build = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] }) : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (build.status !== 0 || !existsSync(cli)) {
    console.error('The build failed (see above): fix it, or run `npm run build` yourself, then try again.');
    process.exit(1);
  }
}
require(cli);
