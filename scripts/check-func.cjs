// `npm start` runs `func start` (Azure Functions Core Tools). Checked before the build, so a machine without Core Tools
// learns at once what to run instead and how to get them. Plain CommonJS with no dependencies.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { delimiter, join } = require('node:path');

const REQUIRED_MAJOR = 4;

const ALTERNATIVES =
  `Without Core Tools:\n` +
  `  npm run dev    the whole sandbox (function host, Azurite, local Entra ID, Key Vault, Fabric API), no configuration\n` +
  `  npm run host   the function host alone, configured by local.settings.json (copy local.settings.sample.json)\n` +
  `To get Core Tools ${REQUIRED_MAJOR}: npm install -g azure-functions-core-tools@${REQUIRED_MAJOR}  (or winget, Homebrew, apt:\n` +
  `  https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools)`;

/** The path of `name` on PATH (with PATHEXT on Windows), or undefined. */
function findOnPath(name, env = process.env, platform = process.platform) {
  const extensions = platform === 'win32' ? (env.PATHEXT || '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const dir of (env.PATH || env.Path || '').split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
  }
  return undefined;
}

/** The message when Core Tools are missing (version undefined) or older than 4, else undefined. */
function coreToolsProblem(version) {
  if (version === undefined) return `\`npm start\` runs \`func start\`, but Azure Functions Core Tools are not installed (no \`func\` on PATH).\n${ALTERNATIVES}`;
  const major = Number(String(version).trim().split('.')[0]);
  if (Number.isInteger(major) && major >= REQUIRED_MAJOR) return undefined;
  return `\`npm start\` needs Azure Functions Core Tools ${REQUIRED_MAJOR} (the Node.js v4 programming model); \`func --version\` says ${String(version).trim() || 'nothing'}.\n${ALTERNATIVES}`;
}

module.exports = { findOnPath, coreToolsProblem, REQUIRED_MAJOR };

if (require.main === module) {
  const func = findOnPath('func');
  let version;
  if (func) {
    try {
      // On Windows func is usually func.cmd, which only a shell runs.
      const windows = process.platform === 'win32';
      version = execFileSync(windows ? 'func' : func, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], shell: windows });
    } catch {
      version = '';
    }
  }
  const problem = coreToolsProblem(version);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
