// Fails fast when the running Node.js is older than the project's runtime (Node 22 LTS, what infra/ deploys).
// Plain CommonJS with no dependencies, so it runs on any Node version before the build.
'use strict';
const REQUIRED_MAJOR = 22;

/** The message for a Node version older than required, or undefined when it is new enough. */
function nodeVersionProblem(version, required = REQUIRED_MAJOR) {
  const major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (Number.isInteger(major) && major >= required) return undefined;
  return (
    `This project runs on Node.js ${required} LTS (what Azure runs it on); this is Node.js ${version}.\n` +
    `  nvm:        nvm install && nvm use        (reads .nvmrc)\n` +
    `  Linux x64:  . scripts/use-node22.sh       (pinned Node ${required} from the npm registry, first on PATH in this shell)`
  );
}

module.exports = { nodeVersionProblem, REQUIRED_MAJOR };

if (require.main === module) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
