/**
 * The storage readiness check against the run's Azurite (HTTPS): ok when it answers, unavailable on a port nobody
 * listens on. (Azurite has no role assignments to refuse; 403 → denied is covered in test/unit/health.)
 */
import { randomUUID } from 'node:crypto';
import { freePort } from '../../../devtools/azurite';
import { checkStorage } from '../../../src/health/checks';
import { createStorageClients } from '../../../src/storage/clients';

const connectionString = process.env.AZURITE_CONNECTION_STRING!;
const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 16)}`;

function targets(conn: string) {
  const clients = createStorageClients({ connectionString: conn });
  return { tables: [unique('t'), unique('t')], queues: [unique('q')], getTableClient: clients.getTableClient, getQueueClient: clients.getQueueClient };
}

it('ok when the tables and the queue answer (created on first use); a message in the queue stays visible', async () => {
  const t = targets(connectionString);
  expect(await checkStorage(t)).toBe('ok');
  const queue = await t.getQueueClient(t.queues[0]);
  await queue.sendMessage('job');
  expect(await checkStorage(t)).toBe('ok');
  expect((await queue.receiveMessages()).receivedMessageItems.map((m) => m.messageText)).toEqual(['job']);
});

it('unavailable when nothing answers', async () => {
  const dead = `https://localhost:${await freePort()}/devstoreaccount1`;
  const key = /AccountKey=([^;]+)/.exec(connectionString)![1];
  const conn = `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=${dead};QueueEndpoint=${dead};TableEndpoint=${dead};`;
  expect(await checkStorage(targets(conn))).toBe('unavailable');
});
