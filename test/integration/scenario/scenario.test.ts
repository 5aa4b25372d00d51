/**
 * One full scenario, as `npm run fabric -- scenario` plays it, against a test environment (the real app in the local
 * host, the local Entra ID, Azurite as OneLake, the local Fabric API): both contract generations, and once with the
 * backend secret read from the local Key Vault through the local managed identity.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { EndpointClient } from '../../../devtools/fabric-sim/endpoint-client';
import { memoryReporter } from '../../../devtools/fabric-sim/progress';
import type { FabricSide } from '../../../devtools/fabric-sim/sandbox-link';
import { expectedCalculation, runScenario, ScenarioFailure } from '../../../devtools/fabric-sim/scenario';
import { LocalEntraTokens } from '../../../devtools/fabric-sim/tokens';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';

function fabricSideOf(env: TestEnvironment): FabricSide {
  const blobs = BlobServiceClient.fromConnectionString(process.env.AZURITE_CONNECTION_STRING!);
  return {
    createWorkspace: async (ws) => void (await blobs.getContainerClient(ws).createIfNotExists()),
    setPermissions: async (itemId, oid, permissions) => env.fabricApi.setPermissions(itemId, oid, permissions),
    readOneLakeFile: async (ws, path) => {
      const blob = blobs.getContainerClient(ws).getBlobClient(path);
      return (await blob.exists()) ? blob.downloadToBuffer() : undefined;
    },
  };
}

const fast = { steps: 2, stepDelayMs: 100, pollIntervalMs: 250, jobTimeoutMs: 30_000 };

describe.each([
  ['Extensibility Toolkit', 'toolkit' as const, 'environment' as const],
  ['WDK v1', 'wdk' as const, 'environment' as const],
  ['Extensibility Toolkit, secret in Key Vault', 'toolkit' as const, 'keyVault' as const],
])('full scenario (%s)', (_name, generation, backendSecretSource) => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await startTestEnvironment({ backendSecretSource });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('creates, computes, cancels, deletes (and restores) an item, every answer as expected', async () => {
    const reporter = memoryReporter();
    const workspaceId = randomUUID();
    let result;
    try {
      result = await runScenario({
        client: new EndpointClient(env.baseUrl, new LocalEntraTokens(env.idp, env.workload, env.user)),
        fabric: fabricSideOf(env),
        workspaceId,
        user: env.user,
        reporter,
        generation,
        ...fast,
      });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- scenario ---\n${reporter.lines.join('\n')}\n--- host log ---\n${env.logs()}`, { cause: err });
    }
    expect(result.result).toBe(expectedCalculation({ operand1: 6, operand2: 7, operator: 'multiply' }, fast.steps));
    expect(reporter.lines.some((l) => l.startsWith('✘'))).toBe(false);
    expect(reporter.lines[reporter.lines.length - 1]).toMatch(/^Scenario passed in/);
    if (generation === 'toolkit') expect(reporter.lines.join('\n')).toContain('Restore the item (OnRestoreItem)');
    if (backendSecretSource === 'keyVault') expect(env.keyVault!.secretReads('backend-client-secret').length).toBeGreaterThan(0);
  });
});

describe('scenario failures', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await startTestEnvironment();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('stops at the first unexpected answer with ScenarioFailure (consent missing for the On-Behalf-Of call)', async () => {
    env.idp.setTokenOverride((f) => (f.requested_token_use === 'on_behalf_of' ? { status: 400, body: { error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required', error_description: 'AADSTS65001: consent required' } } : undefined));
    const reporter = memoryReporter();
    const failure = await runScenario({
      client: new EndpointClient(env.baseUrl, new LocalEntraTokens(env.idp, env.workload, env.user)),
      fabric: fabricSideOf(env),
      workspaceId: randomUUID(),
      user: env.user,
      reporter,
      ...fast,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    env.idp.setTokenOverride(undefined);
    expect(failure).toBeInstanceOf(ScenarioFailure);
    expect((failure as ScenarioFailure).answer?.status).toBeGreaterThanOrEqual(400);
    expect(reporter.lines.filter((l) => l.startsWith('✘'))).toHaveLength(1);
  });
});
