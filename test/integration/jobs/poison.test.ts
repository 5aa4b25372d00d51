/**
 * A job that fails on every attempt with a transient error (OneLake answers 500) is retried up to maxDequeueCount,
 * its message lands in the poison queue, and the job is marked Failed with JobRetriesExhausted and the last error.
 * The app runs from a copy of host.json with visibilityTimeout 1 s (instead of 10 s) to keep the test short.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalCertificate } from '../../../devtools/tls';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';
import { REPO_ROOT } from '../../support/host';
import { createToolkitItem, isFinal, JOB_TYPE, pollUntil, toolkit, type JobState } from './support/fabric-jobs';
import { swaggerErrors } from './support/swagger';

let env: TestEnvironment;
let failingOneLake: https.Server;
let requests = 0;
let appDir: string;

beforeAll(async () => {
  const cert = await ensureLocalCertificate(join(REPO_ROOT, '.cache', 'tls'));
  failingOneLake = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    requests++;
    req.resume();
    res.writeHead(500, { 'content-type': 'application/xml', 'x-ms-error-code': 'InternalError' }).end('<Error><Code>InternalError</Code></Error>');
  });
  await new Promise<void>((r) => failingOneLake.listen(0, '127.0.0.1', r));
  const port = (failingOneLake.address() as AddressInfo).port;

  appDir = mkdtempSync(join(tmpdir(), 'jobs-poison-'));
  const hostJson = JSON.parse(readFileSync(join(REPO_ROOT, 'host.json'), 'utf8'));
  hostJson.extensions.queues.visibilityTimeout = '00:00:01';
  writeFileSync(join(appDir, 'host.json'), JSON.stringify(hostJson));
  env = await startTestEnvironment({
    host: { scriptRoot: appDir, main: join(REPO_ROOT, 'dist', 'main.js') },
    env: { ONELAKE_ENDPOINT: `https://127.0.0.1:${port}/devstoreaccount1` },
  });
}, 30_000);

afterAll(async () => {
  await env?.stop();
  failingOneLake?.closeAllConnections();
  await new Promise((r) => failingOneLake?.close(r));
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

it('retries a transiently failing job maxDequeueCount times, then moves it to the poison queue and fails it', async () => {
  const item = await createToolkitItem(env, { operand1: 1, operand2: 1, operator: 'add' });
  const jobInstanceId = randomUUID();
  expect((await toolkit.create(env, item, { jobType: JOB_TYPE, jobInstanceId })).status).toBe(201);

  const answers = await pollUntil(() => toolkit.status(env, item, jobInstanceId), isFinal, 45_000);
  for (const a of answers) expect(a.status).toBe(200);
  const final = answers[answers.length - 1].body as JobState;
  expect(swaggerErrors('ItemJobInstanceState', final)).toEqual([]);
  expect(final).toMatchObject({
    status: 'Failed',
    errorDetails: {
      errorCode: 'JobRetriesExhausted',
      source: 'System',
      isPermanent: false,
      message: expect.stringMatching(/every attempt \(5\)/),
      moreDetails: [{ errorCode: 'OneLakeUnavailable' }],
    },
  });
  // Five attempts, each resuming (the calculation itself was done by the first); the message went to <queue>-poison.
  const logs = env.logs();
  expect(logs.split('\n').filter((l) => l.includes('Job attempt started') && l.includes(jobInstanceId))).toHaveLength(5);
  expect(logs).toContain(`Moving message to queue '${env.queueName}-poison'`);
  expect(logs).toMatch(new RegExp(`Job failed: its message exhausted its retries .*${jobInstanceId}`));
  expect(requests).toBeGreaterThanOrEqual(5);
}, 60_000);
