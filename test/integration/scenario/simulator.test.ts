/**
 * The Fabric simulator (`npm run fabric -- <command>`) as a user runs it, one process per command, against the real
 * app in the local host, the local Entra ID, the local Fabric API and Azurite as OneLake, reached through a sandbox
 * control API and state file, as `npm run dev` provides them. The host serves one more item type, WordCount, declared
 * only in a test fixture (test/fixtures/word-count); the simulator learns it from `--item-types`, nothing else.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../devtools/azurite';
import { ControlApi } from '../../../devtools/sandbox/control-api';
import { OneLakeAdmin } from '../../../devtools/sandbox/onelake-admin';
import { writeSandboxState, type SandboxState } from '../../../devtools/sandbox/state';
import { ensureLocalCertificate } from '../../../devtools/tls';
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../../support/environment';
import { REPO_ROOT } from '../../support/host';

const FABRIC_CLI = join(REPO_ROOT, 'dist', 'devtools', 'fabric-sim', 'cli.js');
const FIXTURE = join(REPO_ROOT, 'dist', 'test', 'fixtures', 'word-count');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('Fabric simulator commands (npm run fabric)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'fabric-sim-'));
  const stateFile = join(workDir, 'sandbox.json');
  let env: TestEnvironment;
  let control: ControlApi;

  const file = (name: string, content: unknown) => {
    const path = join(workDir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  function sim(...args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [FABRIC_CLI, ...args, '--state', stateFile, '--item-types', join(FIXTURE, 'item-types.js')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** Runs with --json: exactly one JSON object on stdout. */
  async function simJson(...args: string[]): Promise<Run & { readonly json: Record<string, unknown> }> {
    const r = await sim(...args, '--json');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    return { ...r, json: JSON.parse(r.stdout) as Record<string, unknown> };
  }

  /** Succeeds, or fails showing what the simulator printed. */
  function ok(r: Run): Run {
    if (r.code !== 0) throw new Error(`exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}\n--- host ---\n${env.logs().slice(-4000)}`);
    return r;
  }

  beforeAll(async () => {
    env = await startTestEnvironment({ host: { main: join(FIXTURE, 'app.js') }, env: { FABRIC_PERMISSIONS_CACHE_SECONDS: '0' } });
    const cert = await ensureLocalCertificate(join(REPO_ROOT, '.cache', 'tls'));
    const oneLake = new OneLakeAdmin({ blobEndpoint: process.env.AZURITE_BLOB_ENDPOINT!, ca: cert.cert, idp: env.idp, tenantId: env.workload.publisherTenantId });
    const workspaceId = randomUUID();
    await oneLake.createWorkspace(workspaceId);
    const controlKey = randomBytes(24).toString('base64url');
    control = await new ControlApi({ key: controlKey, idp: env.idp, workload: env.workload, defaultUser: env.user, oneLake, fabricApi: env.fabricApi, info: () => ({}) }).start();
    const state: SandboxState = { version: 1, pid: process.pid, childPids: {}, startedAt: new Date().toISOString(), baseUrl: env.baseUrl, controlUrl: control.url, controlKey, workload: env.workload, user: env.user, workspaceId, services: {} };
    writeSandboxState(state, stateFile);
  });

  afterAll(async () => {
    await control?.stop();
    await stopCheckingLogs(env);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('lists the item types of the registry it was given, with their jobs, reads and options', async () => {
    const r = await simJson('types');
    const types = r.json.itemTypes as { name: string; fullName: string; jobs: { name: string }[]; reads: string[]; options?: Record<string, unknown> }[];
    expect(types.map((t) => t.fullName)).toEqual(['Org.FabricRemoteEndpoint.Calculator', 'Org.FabricRemoteEndpoint.WordCount']);
    expect(types[1]).toMatchObject({ jobs: [{ name: 'Count' }], reads: ['summary'] });
    expect(Object.keys(types[0].options!)).toEqual(['operand1', 'operand2', 'operator']);
  });

  it('creates, runs, watches, reads back, updates and cancels on WordCount, a type only a test fixture declares', async () => {
    const created = ok(await sim('create-item', '--type', 'WordCount', '--part-file', file('text.json', { text: 'one two three' })));
    const itemId = created.stdout.trim();
    expect(itemId).toMatch(GUID);

    const jobId = ok(await sim('create-job', '--type', 'WordCount', '--item', itemId, '--execution-data-file', file('count.json', { delayMs: 0 }))).stdout.trim();
    expect(jobId).toMatch(GUID);
    const watched = ok(await sim('watch-job', '--type', 'WordCount', '--item', itemId, '--job', jobId, '--poll-seconds', '0.2'));
    expect(JSON.parse(watched.stdout)).toMatchObject({ status: 'Completed' });
    expect(watched.stderr).toContain(`[${'#'.repeat(20)}] Completed  1/1 steps`);

    const result = await simJson('read-result', '--type', 'WordCount', '--item', itemId, '--job', jobId);
    expect(result.json).toMatchObject({ ok: true, path: `${(await stateWorkspace())}/${itemId}/Files/word-counts/${jobId}.json`, content: { words: 3 } });
    expect((await simJson('item-read', '--type', 'WordCount', '--item', itemId, '--name', 'summary')).json).toMatchObject({ ok: true, status: 200, body: { words: 3 } });

    ok(await sim('update-item', '--type', 'WordCount', '--item', itemId, '--part-file', file('text.json', { text: 'now five words in here' })));
    expect((await simJson('item-read', '--type', 'WordCount', '--item', itemId, '--name', 'summary')).json).toMatchObject({ body: { words: 5 } });

    const slow = ok(await sim('create-job', '--type', 'WordCount', '--item', itemId, '--execution-data-file', file('slow.json', { delayMs: 5000 }))).stdout.trim();
    ok(await sim('cancel-job', '--type', 'WordCount', '--item', itemId, '--job', slow));
    const cancelled = await sim('watch-job', '--type', 'WordCount', '--item', itemId, '--job', slow, '--poll-seconds', '0.2');
    expect(cancelled.code).toBe(1);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ status: 'Cancelled' });
  });

  async function stateWorkspace(): Promise<string> {
    return ((await simJson('info')).json.sandbox as { workspaceId: string }).workspaceId;
  }

  it('rejects an unknown option with exit code 2, before any call', async () => {
    const r = await sim('create-job', '--item', randomUUID(), '--type', 'Calculator', '--step', '3');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('create-job has no option --step (did you mean --steps?).');
    expect(r.stderr).toContain('--steps');
    const j = await simJson('create-job', '--item', randomUUID(), '--type', 'Calculator', '--step', '3');
    expect(j.code).toBe(2);
    expect(j.json).toMatchObject({ ok: false, command: 'create-job', error: { code: 'UsageError' } });
    // Options of another type are unknown too, and a type must be named when several are served.
    expect((await sim('create-item', '--type', 'WordCount', '--operand1', '3')).code).toBe(2);
    expect((await sim('create-item')).stderr).toContain('several item types (Calculator, WordCount): say which with --type');
  });

  it('update-item changes only the given fields (Toolkit: read, merge, send; WDK: merge patch)', async () => {
    const itemId = ok(await sim('create-item', '--type', 'Calculator', '--operand1', '4', '--operand2', '2', '--operator', 'divide')).stdout.trim();
    const update = ok(await sim('update-item', '--type', 'Calculator', '--item', itemId, '--operand2', '8'));
    expect(update.stderr).toContain('reading the stored content to change only operand2');
    const state = (await simJson('item-state', '--item', itemId)).json.body as { definition: { parts: { path: string; payload: string }[] } };
    const part = state.definition.parts.find((p) => p.path === 'definition.json')!;
    expect(JSON.parse(Buffer.from(part.payload, 'base64').toString('utf8'))).toEqual({ operand1: 4, operand2: 8, operator: 'divide' });

    const wdkId = ok(await sim('create-item', '--wdk', '--type', 'Calculator', '--operand1', '4', '--operand2', '2', '--operator', 'divide')).stdout.trim();
    ok(await sim('update-item', '--wdk', '--type', 'Calculator', '--item', wdkId, '--operand2', '8'));
    expect((await simJson('get-payload', '--type', 'Calculator', '--item', wdkId)).json.body).toMatchObject({ itemPayload: { operand1: 4, operand2: 8, operator: 'divide' } });

    expect((await sim('update-item', '--type', 'Calculator', '--item', itemId)).code).toBe(2);
  });

  it('--json prints one object; a failed call prints no id', async () => {
    const created = await simJson('create-item', '--type', 'Calculator', '--operand1', '1');
    expect(created.json).toMatchObject({ ok: true, command: 'create-item', itemId: expect.stringMatching(GUID), itemType: 'Org.FabricRemoteEndpoint.Calculator', status: 200 });
    const id = randomUUID();
    const bad = await sim('create-item', '--type', 'WordCount', '--item', id, '--part-file', file('text.json', { words: 'not the shape' }));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('→ 400');
    const badJson = await simJson('create-item', '--type', 'WordCount', '--item', id, '--part-file', file('text.json', { words: 'not the shape' }));
    expect(badJson.json).toMatchObject({ ok: false, status: 400, body: { errorCode: 'InvalidItemPayload' } });
    expect(badJson.json.itemId).toBeUndefined();
    for (const command of [['health'], ['resolve-api-path-placeholder'], ['resolve-endpoint'], ['info']]) {
      const r = await simJson(...command);
      expect(r.json).toMatchObject({ ok: true, command: command[0] });
    }
    expect((await simJson('resolve-api-path-placeholder')).json.body).toMatchObject({ url: env.baseUrl, ttlInMinutes: 60 });
  });

  it('scenario --json: the story on stderr, its result as one object on stdout', async () => {
    const r = ok(await sim('scenario', '--json', '--steps', '1', '--step-delay-ms', '0', '--poll-seconds', '0.2'));
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, command: 'scenario', itemId: expect.stringMatching(GUID), result: 42 });
    expect(r.stderr).toContain('Scenario passed in');
  });

  it('grant applies at once; permissions take only Fabric names', async () => {
    const itemId = ok(await sim('create-item', '--type', 'Calculator')).stdout.trim();
    expect((await simJson('permissions', '--item', itemId)).json.body).toMatchObject({ permissions: ['Read', 'Write'] });
    const granted = ok(await sim('grant', '--item', itemId, '--permissions', 'read'));
    expect(granted.stderr).toContain('applies at once');
    expect((await simJson('permissions', '--item', itemId)).json.body).toMatchObject({ permissions: ['Read'] });
    ok(await sim('grant', '--item', itemId, '--permissions', 'none'));
    expect((await simJson('item-state', '--item', itemId)).json).toMatchObject({ ok: false, status: 403 });
    const wrong = await sim('grant', '--item', itemId, '--permissions', 'Read,Admin');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"Admin" is not a Fabric item permission (Read, Write, Execute, Reshare, Explore; or none)');
  });

  it('says what it tried when nothing answers, and catches a bad GUID before any call', async () => {
    const nothing = `http://127.0.0.1:${await freePort()}/api`;
    const dead = await sim('health', '--base-url', nothing);
    expect(dead.code).toBe(1);
    expect(dead.stderr).toContain(`GET ${nothing}/health got no answer (ECONNREFUSED)`);
    expect(dead.stderr).toContain('npm run dev');
    const badId = await sim('permissions', '--item', 'not-a-guid', '--base-url', nothing);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('--item must be a GUID');
  });
});
