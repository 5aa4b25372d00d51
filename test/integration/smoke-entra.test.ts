import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import { TableClient } from '@azure/data-tables';
import { startLocalEntra } from '../../devtools/local-entra/server';

it('local Entra serves JWKS over https and Azurite answers over https', async () => {
  const tls = { key: readFileSync('.cache/tls/localhost-key.pem', 'utf8'), cert: readFileSync('.cache/tls/localhost-cert.pem', 'utf8') };
  const idp = await startLocalEntra({ tls });
  try {
    const t = await idp.mint({ aud: 'api://x', scp: 'a b' }, { tenantId: '11111111-1111-4111-8111-111111111111', version: 'v2' });
    const jwks = jose.createRemoteJWKSet(new URL(`${idp.origin}/common/discovery/v2.0/keys`));
    const { payload } = await jose.jwtVerify(t, jwks, { algorithms: ['RS256'] });
    expect(payload.ver).toBe('2.0');
    const table = TableClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!, 'smoke');
    await table.createTable();
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'r', v: 1 });
    expect((await table.getEntity('p', 'r')).v).toBe(1);
  } finally {
    await idp.stop();
  }
});
