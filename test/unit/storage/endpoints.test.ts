import { ConfigError } from '../../../src/config/errors';
import { assertSecureEndpoint, endpointsFromConnectionString, isLoopbackHttp, parseConnectionString } from '../../../src/storage/endpoints';
import { storageCredentialPlan } from '../../../src/storage/credential';

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

describe('endpointsFromConnectionString', () => {
  it('reads explicit https endpoints (Azurite over TLS) and drops trailing slashes', () => {
    const cs = `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=https://localhost:1/devstoreaccount1/;QueueEndpoint=https://localhost:2/devstoreaccount1;TableEndpoint=https://localhost:3/devstoreaccount1;`;
    expect(endpointsFromConnectionString(cs)).toEqual({
      blob: 'https://localhost:1/devstoreaccount1',
      queue: 'https://localhost:2/devstoreaccount1',
      table: 'https://localhost:3/devstoreaccount1',
    });
  });

  it('maps UseDevelopmentStorage=true to Azurite default ports over http on 127.0.0.1', () => {
    expect(endpointsFromConnectionString('UseDevelopmentStorage=true')).toEqual({
      blob: 'http://127.0.0.1:10000/devstoreaccount1',
      queue: 'http://127.0.0.1:10001/devstoreaccount1',
      table: 'http://127.0.0.1:10002/devstoreaccount1',
    });
  });

  it('derives endpoints from account name, protocol and suffix', () => {
    const cs = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.usgovcloudapi.net`;
    expect(endpointsFromConnectionString(cs)).toEqual({
      table: 'https://acct.table.core.usgovcloudapi.net',
      queue: 'https://acct.queue.core.usgovcloudapi.net',
      blob: 'https://acct.blob.core.usgovcloudapi.net',
    });
    expect(endpointsFromConnectionString(`AccountName=acct;AccountKey=${KEY}`).table).toBe('https://acct.table.core.windows.net');
  });

  it('keeps "=" inside values and treats keys case-insensitively', () => {
    const pairs = parseConnectionString(`accountkey=${KEY};TABLEENDPOINT=https://x`);
    expect(pairs.get('accountkey')).toBe(KEY);
    expect(pairs.get('tableendpoint')).toBe('https://x');
  });

  it('rejects text that is not key=value pairs, without echoing it', () => {
    expect(() => parseConnectionString('secretgarbage')).toThrow(ConfigError);
    try {
      parseConnectionString('secretgarbage');
    } catch (e) {
      expect((e as Error).message).not.toContain('secretgarbage');
    }
  });
});

describe('endpoint security', () => {
  it('allows plain http only on loopback hosts', () => {
    expect(isLoopbackHttp('http://127.0.0.1:10002/devstoreaccount1')).toBe(true);
    expect(isLoopbackHttp('http://localhost:10002/devstoreaccount1')).toBe(true);
    expect(isLoopbackHttp('http://[::1]:10002/x')).toBe(true);
    expect(isLoopbackHttp('https://localhost:10002/x')).toBe(false);
    expect(isLoopbackHttp('http://acct.table.core.windows.net')).toBe(false);
    expect(isLoopbackHttp('http://127.0.0.1.nip.io/x')).toBe(false);
  });

  it('accepts https anywhere and http on loopback; refuses http elsewhere and missing endpoints', () => {
    expect(assertSecureEndpoint('https://acct.table.core.windows.net/', 'S')).toBe('https://acct.table.core.windows.net');
    expect(assertSecureEndpoint('http://127.0.0.1:10002/devstoreaccount1', 'S')).toBe('http://127.0.0.1:10002/devstoreaccount1');
    expect(() => assertSecureEndpoint('http://acct.table.core.windows.net', 'AzureWebJobsStorage')).toThrow(/AzureWebJobsStorage must use https/);
    expect(() => assertSecureEndpoint(undefined, 'AzureWebJobsStorage__blobServiceUri')).toThrow(/AzureWebJobsStorage__blobServiceUri is not configured/);
    expect(() => assertSecureEndpoint('not a url', 'S')).toThrow(ConfigError);
  });
});

describe('storageCredentialPlan', () => {
  it('prefers the storage client id, then AZURE_CLIENT_ID, else DefaultAzureCredential', () => {
    expect(storageCredentialPlan('a', 'b')).toEqual({ kind: 'managedIdentity', clientId: 'a' });
    expect(storageCredentialPlan(undefined, 'b')).toEqual({ kind: 'managedIdentity', clientId: 'b' });
    expect(storageCredentialPlan(undefined, undefined)).toEqual({ kind: 'default' });
  });
});
