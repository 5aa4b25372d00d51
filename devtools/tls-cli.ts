/** `node dist/devtools/tls-cli.js <dir>`: makes sure a valid localhost certificate exists (used before tests). */
import { ensureLocalCertificate } from './tls';

ensureLocalCertificate(process.argv[2] ?? '.cache/tls').then(
  (c) => console.log(`TLS certificate: ${c.certPath}`),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
