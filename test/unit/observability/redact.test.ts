import fc from 'fast-check';
import { createLogger, describeError } from '../../../src/observability/logger';
import { redact } from '../../../src/observability/redact';

/** Characters Entra ID tokens, client secrets and storage keys are made of. */
const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=*!'.split('');
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
/**
 * Random token text in which every run of 5 characters holds a 'Q', a letter none of the fixed text in these tests
 * contains: a 5-character run of a secret found in the output is then a leak, never a coincidence.
 */
const MARK = 'Q';
const marked = (alphabet: string[], minChunks: number, maxChunks: number) =>
  fc
    .array(fc.string({ unit: fc.constantFrom(...alphabet.filter((c) => c !== MARK)), maxLength: 3 }), { minLength: minChunks, maxLength: maxChunks })
    .map((chunks) => chunks.map((c) => MARK + c).join(''));

/** Entra's opaque refresh/access tokens (`1.AXEA…`, not JWTs), client secrets, storage keys. */
const opaque = fc.tuple(fc.constantFrom('0.A', '1.A', ''), marked(TOKEN_CHARS, 8, 30)).map(([p, s]) => p + s);
const jwt = fc.tuple(marked(B64URL, 3, 15), marked(B64URL, 3, 50), marked(B64URL, 0, 25)).map(([h, p, s]) => `eyJ${h}.${p}.${s}`);
/** `lrg1.<keyId>.<iv>.<ciphertext>.<tag>` (src/tokens/long-running-grant.ts). */
const sealedGrant = fc.tuple(marked(B64URL, 1, 8), marked(B64URL, 4, 4), marked(B64URL, 2, 80), marked(B64URL, 6, 6)).map((p) => ['lrg1', ...p].join('.'));

const SECRET_KEYS = [
  'refreshToken', 'refresh_token', 'accessToken', 'access_token', 'idToken', 'id_token', 'subjectToken', 'appToken',
  'clientSecret', 'client_secret', 'clientAssertion', 'client_assertion', 'assertion', 'oboAssertion', 'password',
  'x-ms-token-aad-refresh-token', 'AccountKey', 'SharedAccessSignature', 'sig', 'rt',
];

/** A secret and a piece of text holding it the way it could reach a log line. */
interface Placed {
  readonly secret: string;
  readonly text: string;
}

const keyed = fc.tuple(fc.constantFrom(...SECRET_KEYS), fc.oneof(opaque, jwt, sealedGrant)).chain(([key, secret]) =>
  fc
    .constantFrom(
      `${key}=${secret}`,
      `${key}: ${secret}`,
      `"${key}":"${secret}"`,
      `"${key}": "${secret}"`,
      `${key}='${secret}'`,
      `https://login.example/token?a=1&${key}=${secret}&b=2`,
      `AccountName=dev;${key}=${secret};EndpointSuffix=core.windows.net`,
      JSON.stringify({ body: JSON.stringify({ [key]: secret }) }),
    )
    .map((text): Placed => ({ secret, text })),
);
const bearer = fc.tuple(fc.oneof(opaque, jwt, sealedGrant), fc.constantFrom('Authorization: Bearer ', 'authorization=Bearer ', 'bearer ')).map(([secret, p]): Placed => ({ secret, text: `${p}${secret}` }));
const bare = fc.oneof(jwt, sealedGrant).map((secret): Placed => ({ secret, text: secret }));
/** The grant's own plaintext (what is sealed): the refresh token under `rt`. */
const grantPlaintext = fc.tuple(opaque, fc.integer({ min: 0, max: 2 ** 31 })).map(([rt, iat]): Placed => ({ secret: rt, text: JSON.stringify({ rt, hid: 'uid.utid', iat, exp: iat + 3600 }) }));
const placed = fc.oneof(keyed, bearer, bare, grantPlaintext);

/** A message around one or more secrets, as free text. */
const PHRASES = ['Token acquisition failed', 'request to Entra ID failed:', 'answer was', 'sending', '', '(retry 2)', 'Error(s): 50013 -'];
const message = fc.tuple(fc.array(placed, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom(...PHRASES), { minLength: 1, maxLength: 5 })).map(([ps, words]) => ({
  secrets: ps.map((p) => p.secret),
  text: ps.map((p, i) => `${words[i % words.length]} ${p.text}`).join(' ') + ` ${words[0]}`,
}));

/** Secrets inside nested objects and arrays: under secret keys, or self-identifying (Bearer, JWT, grant) anywhere. */
type Tree = { secrets: string[]; value: unknown };
const TREE_KEYS = ['details', 'error', 'inner', 'response', 'items'];
const leaf: fc.Arbitrary<Tree> = fc.oneof(
  fc.tuple(fc.constantFrom(...SECRET_KEYS), fc.oneof(opaque, jwt, sealedGrant)).map(([k, s]) => ({ secrets: [s], value: { [k]: s } })),
  fc.oneof(bearer, bare).map((p) => ({ secrets: [p.secret], value: p.text })),
  fc.oneof(fc.integer(), fc.constantFrom('ok', 'Read', 'expires_in', null, true)).map((v) => ({ secrets: [], value: v })),
);
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }).map((xs) => ({ secrets: xs.flatMap((x) => x.secrets), value: xs.map((x) => x.value) })),
    fc.array(fc.tuple(fc.constantFrom(...TREE_KEYS), tie('node')), { maxLength: 4 }).map((es) => ({ secrets: es.flatMap(([, x]) => x.secrets), value: Object.fromEntries(es.map(([k, x]) => [k, x.value])) })),
  ),
})).node;

/** An error whose message and causes (errors, then possibly a plain object) hold secrets. */
const errorChain = fc.tuple(fc.array(message, { minLength: 1, maxLength: 4 }), fc.option(tree, { nil: undefined })).map(([msgs, tail]) => {
  let cause: unknown = tail?.value;
  for (const m of [...msgs].reverse()) cause = Object.assign(new Error(m.text, cause === undefined ? undefined : { cause }), { code: 'ECONNRESET' });
  return { secrets: [...msgs.flatMap((m) => m.secrets), ...(tail?.secrets ?? [])], error: cause as Error };
});

/** No run of 5 characters of the secret survives: at most its last 4 (or any 4) can show. */
function expectNoSecret(output: string, secrets: readonly string[]): void {
  for (const s of secrets) {
    for (let i = 0; i + 5 <= s.length; i++) {
      const run = s.slice(i, i + 5);
      if (run.includes(MARK) && output.includes(run)) throw new Error(`secret survives redaction: ${JSON.stringify(run)} of ${JSON.stringify(s)} in ${JSON.stringify(output)}`);
    }
  }
}

describe('redact', () => {
  it.each([
    ['camelCase key in JSON, opaque Entra token', '{"refreshToken":"1.AXEAAAAAbbbbCCCCddddEEEEffff9876"}', '{"refreshToken":"[redacted …9876]"}'],
    ['snake_case key in a form body', 'grant_type=refresh_token&refresh_token=1.AXEAAAAAbbbbCCCCdddd1234&client_secret=abc8Q~secretsecret', 'grant_type=refresh_token&refresh_token=[redacted …1234]&client_secret=[redacted …cret]'],
    ['Bearer with an opaque token', 'Authorization: Bearer 1.AXEAAAAAbbbbCCCCdddd5678', 'Authorization: Bearer [redacted …5678]'],
    ['the grant plaintext', '{"rt":"1.AXEAAAAAbbbbCCCCdddd4321","hid":"uid.utid","iat":1,"exp":2}', '{"rt":"[redacted …4321]","hid":"uid.utid","iat":1,"exp":2}'],
    ['a sealed grant', 'grant lrg1.0123abcd.AAAAAAAAAAAAAAAA.Y2lwaGVydGV4dA.QUFBQUFBQUFBQUFBQUFBQQ here', 'grant [grant …FBQQ] here'],
    ['a JWT', 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl!', 'token [token …dXJl]!'],
    ['a client assertion inside JSON inside JSON', JSON.stringify({ body: JSON.stringify({ client_assertion: 'eyJ0eXAi.eyJpc3Mi.c2ln', clientAssertion: 'opaque-assertion-value' }) }), JSON.stringify({ body: JSON.stringify({ client_assertion: '[token …c2ln]', clientAssertion: '[redacted …alue]' }) })],
  ])('%s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'Token acquisition failed (AADSTS70011)',
    'WWW-Authenticate: Bearer error="invalid_token"',
    'Bearer authorization="https://login.microsoftonline.com/t", resource="https://vault.azure.net"',
    'Bearer token is not a delegated user token',
    '{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599}',
    'Job attempt failed: LongRunningGrantInvalid',
    'start: 2026-12-06T10:00:00Z, port: 443',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('the fixed text around the generated secrets never holds the mark', () => {
    expect([...PHRASES, ...SECRET_KEYS, ...TREE_KEYS, 'uid.utid', 'Request failed: ', 'Error ECONNRESET: '].join(' ')).not.toContain(MARK);
  });

  it('is idempotent: a placeholder is never redacted again', () => {
    fc.assert(
      fc.property(message, ({ text }) => {
        expect(redact(redact(text))).toBe(redact(text));
      }),
    );
  });

  it('no secret survives in messages (at most its last 4 characters)', () => {
    fc.assert(
      fc.property(message, ({ secrets, text }) => {
        expectNoSecret(redact(text), secrets);
      }),
      { numRuns: 300 },
    );
  });

  it('no secret survives in nested objects and arrays, serialized once or twice', () => {
    fc.assert(
      fc.property(tree, ({ secrets, value }) => {
        expectNoSecret(redact(JSON.stringify(value) ?? ''), secrets);
        expectNoSecret(redact(JSON.stringify({ wrapped: JSON.stringify(value) })), secrets);
      }),
      { numRuns: 300 },
    );
  });

  it('no secret survives in an error, its causes, or a log line carrying it', () => {
    fc.assert(
      fc.property(errorChain, ({ secrets, error }) => {
        const lines: string[] = [];
        const log = createLogger({ log: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) });
        log.error(`Request failed: ${error.message}`, { cause: describeError(error), detail: String(error.cause) });
        expectNoSecret(describeError(error), secrets);
        expectNoSecret(lines.join('\n'), secrets);
      }),
      { numRuns: 300 },
    );
  });
});

describe('describeError', () => {
  it('follows the cause chain, each part redacted, without stacks', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const fetchFailed = new TypeError('fetch failed', { cause: root });
    const top = Object.assign(new Error('Entra ID request failed: refresh_token=1.AXEAsecretsecret9999', { cause: fetchFailed }), { status: 503 });
    expect(describeError(top)).toBe('Error (503): Entra ID request failed: refresh_token=[redacted …9999] <- caused by: TypeError: fetch failed <- caused by: Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443');
  });

  it('describes a thrown non-Error by its JSON, and stops on a cause cycle', () => {
    expect(describeError({ accessToken: 'opaque-access-token-1234' })).toBe('{"accessToken":"[redacted …1234]"}');
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(describeError(b).split(' <- caused by: ')).toEqual(['Error: b', 'Error: a', 'Error: b', 'Error: a']);
  });
});
