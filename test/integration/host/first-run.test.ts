/**
 * `npm run host` with a copied local.settings.sample.json and no storage running, as a new user first tries it: the real
 * app in the local host says which values are still the sample's placeholders (once, at start-up), points at
 * `npm run dev`, says that storage is not running, and stamps every log line with the time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../devtools/azurite';
import { REPO_ROOT, startHost, type RunningHost } from '../../support/host';

const TIMESTAMPED = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] /;
/** Azurite's published development account (the one UseDevelopmentStorage=true names), here on a port nothing serves. */
const refusedStorage = (port: number) =>
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  `BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;

describe('the local host on the sample settings, storage not running', () => {
  const sample = (JSON.parse(readFileSync(join(REPO_ROOT, 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> }).Values;
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHost({ ...sample, AzureWebJobsStorage: refusedStorage(await freePort()) });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it("says at start-up which values are still the sample's placeholders, and points at npm run dev", () => {
    const logs = host.logs();
    expect(logs).toContain('TENANT_ID is still the sample\'s placeholder "<publisher tenant GUID>"');
    expect(logs).toContain("BACKEND_CLIENT_SECRET is still the sample's placeholder:");
    expect(logs).not.toContain(sample.BACKEND_CLIENT_SECRET);
    expect(logs).toContain('use `npm run dev`');
  });

  it('answers each request 503 ConfigurationInvalid in Fabric\'s error body, without logging the problems again', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${host.baseUrl}/resolve-endpoint`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ errorCode: 'ConfigurationInvalid', message: 'The endpoint is not configured correctly; see its start-up log', source: 'System', isPermanent: false });
    }
    await host.waitForLog(/(Executed 'Functions\.resolveEndpoint'[\s\S]*){3}/);
    expect(host.logs().split('TENANT_ID is still').length - 1).toBe(1);
    expect(host.logs().match(/Request failed: ConfigurationInvalid \(the configuration problems are in the start-up log\)/g)).toHaveLength(3);
  });

  it('says that storage is not running and how to start it', async () => {
    await host.waitForLog(/Polling queue 'fabric-jobs' failed: nothing listens at 127\.0\.0\.1:\d+ \(ECONNREFUSED\): Azurite is not running/, 60_000);
  }, 90_000);

  it('stamps every log line with the time, the ready line too; only the list of functions is a plain table, as from func start', () => {
    const lines = host.logs().split('\n').filter((l) => l !== '');
    const listStart = lines.indexOf('Functions:');
    const ready = lines.findIndex((l) => /^\[[^\]]+\] Host listening on /.test(l));
    expect(listStart).toBeGreaterThan(0);
    expect(ready).toBeGreaterThan(listStart);
    const logLines = [...lines.slice(0, listStart), ...lines.slice(ready)];
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.filter((l) => !TIMESTAMPED.test(l))).toEqual([]);
  });
});
