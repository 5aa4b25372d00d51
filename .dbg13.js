const { startBenchEnvironment } = require('./dist/bench/fixtures/environment.js');
const { randomUUID } = require('crypto');
(async () => {
  const { env, stop } = await startBenchEnvironment();
  const headers = await env.frontendHeaders(['Item.Read.All']);
  const ws = randomUUID();
  const N = +process.argv[2];
  const items = Array.from({length: N}, () => randomUUID()); items.forEach(i => env.fabricApi.setPermissions(i, env.user.oid, ['Read']));
  // warm?
  if (process.argv[3] === 'warm') { await fetch(`${env.baseUrl}/health`); }
  await Promise.all(items.map(async (item) => { const r = await fetch(`${env.baseUrl}/workspaces/${ws}/items/${item}/permissions`, { headers }); await r.text(); }));
  console.log(env.idp.tokenRequests.map((r) => r.grant_type.slice(-8)).join(','));
  await stop();
})();
