/**
 * Storage down: the lifecycle routes answer a retryable 503 in Fabric's body (with Retry-After) within the bounded
 * retry budget, never hang and never 500. The host runs against a storage account on a port nobody listens on.
 */
import { randomUUID } from 'node:crypto';
import { freePort } from '../../../devtools/azurite';
import { startTestEnvironment, type TestEnvironment } from '../../support/environment';
import { loadSwaggerValidator } from './swagger';

const TYPE = 'Org.FabricRemoteEndpoint.Calculator';
const swagger = loadSwaggerValidator();
let env: TestEnvironment;

beforeAll(async () => {
  const port = await freePort();
  const key = /AccountKey=([^;]+)/.exec(process.env.AZURITE_CONNECTION_STRING!)![1];
  const base = `https://127.0.0.1:${port}/devstoreaccount1`;
  env = await startTestEnvironment({
    storage: { connectionString: `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=${base};QueueEndpoint=${base};TableEndpoint=${base};`, blobEndpoint: base },
  });
}, 60_000);
afterAll(async () => {
  await env?.stop();
});

it.each([
  ['POST', '/OnCreateItem', { definition: null }],
  ['POST', '', { displayName: 'x' }],
  ['PATCH', '', { displayName: 'y' }],
  ['POST', '/OnDeleteItem', { deleteType: 'Hard' }],
  ['GET', '/payload', undefined],
] as const)('%s …%s answers 503 StorageUnavailable with Retry-After', async (method, suffix, body) => {
  const res = await fetch(`${env.baseUrl}/workspaces/${randomUUID()}/items/${TYPE}/${randomUUID()}${suffix}`, {
    method,
    headers: await env.headers(),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await res.json()) as { errorCode?: string; isPermanent?: boolean };
  expect({ status: res.status, errorCode: answer.errorCode, isPermanent: answer.isPermanent }).toEqual({ status: 503, errorCode: 'StorageUnavailable', isPermanent: false });
  expect(res.headers.get('retry-after')).toBe('5');
  swagger.expectValid('ErrorResponse', answer);
});
