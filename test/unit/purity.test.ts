/**
 * test/unit holds pure tests only: `npx jest test/unit` (the README's command) passes on a fresh clone without the local
 * certificate, servers or subprocesses. Tests that start servers, child processes or talk to Azurite go to test/integration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What only an impure test needs: sockets, servers, subprocesses, the shared Azurite, the local certificate. */
const IMPURE = [
  /from 'node:(child_process|http|https|http2|net|tls|dgram|cluster|worker_threads)'/,
  /from '[./]*\/devtools\/(azurite|local-[a-z-]+\/|sandbox\/|tls)/,
  /\b(startFunctionHost|startHostProcess|startAzurite|startLocal[A-Za-z]*)\(/,
  /AZURITE_/,
  /localhost-(cert|key)\.pem/,
  /\bfetch\(/,
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? testFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

const files = testFiles(__dirname).filter((f) => f !== __filename);

it.each(files.map((f) => relative(__dirname, f)))('test/unit/%s is pure (no server, subprocess, Azurite or certificate)', (file) => {
  const source = readFileSync(join(__dirname, file), 'utf8');
  expect(IMPURE.filter((pattern) => pattern.test(source)).map(String)).toEqual([]);
});
