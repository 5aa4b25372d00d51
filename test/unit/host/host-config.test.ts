import { expandBraces, matchGlob } from '../../../devtools/host/app/glob';
import { HostJsonError, readHostJson } from '../../../devtools/host/app/host-json';
import { LocalSettingsError, mergeSettings, readLocalSettings } from '../../../devtools/host/app/local-settings';
import { serializeCookie } from '../../../devtools/host/http/cookies';
import { formatDuration, parseTimeSpan, TimeSpanError } from '../../../devtools/host/timespan';

describe('host.json', () => {
  it('applies the Functions host defaults', () => {
    const o = readHostJson({ version: '2.0' });
    expect(o.routePrefix).toBe('api');
    expect(o.queues).toEqual({ batchSize: 16, newBatchThreshold: 8, maxPollingIntervalMs: 60_000, visibilityTimeoutMs: 0, maxDequeueCount: 5, messageEncoding: 'base64' });
    expect(o.functionLogLevel).toBe('information');
  });

  it('reads options case-insensitively', () => {
    const o = readHostJson({ Version: '2.0', functionTimeout: '00:01:00', Extensions: { HTTP: { RoutePrefix: '/v1/x/' }, queues: { BatchSize: 4, visibilityTimeout: '00:00:10', maxPollingInterval: '00:00:02', MessageEncoding: 'None', maxDequeueCount: 2 } }, logging: { logLevel: { default: 'Warning', Function: 'Debug' } } });
    expect(o.routePrefix).toBe('v1/x');
    expect(o.functionTimeoutMs).toBe(60_000);
    expect(o.queues).toEqual({ batchSize: 4, newBatchThreshold: 2, maxPollingIntervalMs: 2000, visibilityTimeoutMs: 10_000, maxDequeueCount: 2, messageEncoding: 'none' });
    expect(o.functionLogLevel).toBe('debug');
    expect(o.hostLogLevel).toBe('warning');
  });

  it('accepts an empty route prefix', () => {
    expect(readHostJson({ version: '2.0', extensions: { http: { routePrefix: '' } } }).routePrefix).toBe('');
  });

  it('lists every invalid option', () => {
    let err: unknown;
    try {
      readHostJson({ version: '1.0', extensions: { queues: { batchSize: 64, messageEncoding: 'utf8', visibilityTimeout: 'soon' } } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HostJsonError);
    const msg = (err as Error).message;
    expect(msg).toContain('"version" must be "2.0"');
    expect(msg).toContain('batchSize must be an integer from 1 to 32');
    expect(msg).toContain('messageEncoding must be "base64" or "none"');
    expect(msg).toContain('visibilityTimeout must be a time span');
  });

  it('reads the repository host.json with a 2 s polling interval', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const o = readHostJson(require('../../../host.json'));
    expect(o.queues.maxPollingIntervalMs).toBe(2000);
    expect(o.routePrefix).toBe('api');
  });
});

describe('time spans', () => {
  it('parses .NET TimeSpan strings', () => {
    expect(parseTimeSpan('00:00:10', 'x')).toBe(10_000);
    expect(parseTimeSpan('1.02:03:04.5', 'x')).toBe(((26 * 60 + 3) * 60 + 4.5) * 1000);
    expect(parseTimeSpan(3, 'x')).toBe(3000);
    expect(() => parseTimeSpan('10s', 'x')).toThrow(TimeSpanError);
    expect(() => parseTimeSpan('00:61:00', 'x')).toThrow(/out of range/);
    expect(formatDuration(3_723_000)).toBe('01:02:03');
  });
});

describe('local.settings.json', () => {
  it('lets the environment win and fills gaps from Values, with the local defaults', () => {
    const local = readLocalSettings({ IsEncrypted: false, Values: { A: 'local', B: 'local', N: 3, T: true }, Host: { LocalHttpPort: 7072 } });
    expect(local.localHttpPort).toBe(7072);
    const merged = mergeSettings({ A: 'env', U: undefined }, local);
    expect(merged).toMatchObject({ A: 'env', B: 'local', N: '3', T: 'true', AZURE_FUNCTIONS_ENVIRONMENT: 'Development', FUNCTIONS_WORKER_RUNTIME: 'node' });
    expect('U' in merged).toBe(false);
    expect(mergeSettings({ AZURE_FUNCTIONS_ENVIRONMENT: 'Production' }, { values: {} }).AZURE_FUNCTIONS_ENVIRONMENT).toBe('Production');
  });

  it('refuses encrypted or malformed files', () => {
    expect(() => readLocalSettings({ IsEncrypted: true, Values: {} })).toThrow(LocalSettingsError);
    expect(() => readLocalSettings({ Values: { A: { nested: 1 } } })).toThrow(/must be a string/);
    expect(readLocalSettings(undefined)).toEqual({ values: {} });
  });
});

describe('entry point globs', () => {
  it('expands braces in order', () => {
    expect(expandBraces('dist/src/{index.js,functions/*.js}')).toEqual(['dist/src/index.js', 'dist/src/functions/*.js']);
    expect(expandBraces('{a,b{c,d}}.js')).toEqual(['a.js', 'bc.js', 'bd.js']);
    expect(expandBraces('plain.js')).toEqual(['plain.js']);
  });

  it('matches *, ? and ** per path segment', () => {
    expect(matchGlob('functions/*.js', 'functions/items.js')).toBe(true);
    expect(matchGlob('functions/*.js', 'functions/sub/items.js')).toBe(false);
    expect(matchGlob('functions/*.js', 'functions/items.js.map')).toBe(false);
    expect(matchGlob('**/*.js', 'a/b/c.js')).toBe(true);
    expect(matchGlob('f?.js', 'f1.js')).toBe(true);
  });
});

describe('cookies', () => {
  it('serialises the library cookie fields', () => {
    expect(serializeCookie({ name: 's', value: 'v', domain: { value: 'example.org' }, path: { value: '/' }, expires: { value: { seconds: 0 } }, secure: { value: true }, httpOnly: { value: true }, sameSite: 'explicitNone', maxAge: { value: 10.7 } })).toBe(
      's=v; Domain=example.org; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=10; Secure; HttpOnly; SameSite=None',
    );
    expect(serializeCookie({ name: 'a', value: 'b', sameSite: 'none' })).toBe('a=b');
  });
});
