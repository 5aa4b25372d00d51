/** docs/tokens.md gives each error code the status the code answers with. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthUIRequiredError,
  BackendCredentialRejectedError,
  ConsentRequiredError,
  EntraUnavailableError,
  SubjectTokenRejectedError,
  TokenAcquisitionFailedError,
  WorkloadAppNotInTenantError,
} from '../../../src/tokens/errors';

const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'tokens.md'), 'utf8');
const tenant = '11111111-1111-4111-8111-111111111111';
const errors = [
  new ConsentRequiredError(tenant, ['https://storage.azure.com/.default'], 'https://login.example/adminconsent', 65001),
  new AuthUIRequiredError('{"access_token":{}}', 50076),
  new AuthUIRequiredError(undefined, undefined),
  new SubjectTokenRejectedError(50013),
  new WorkloadAppNotInTenantError(tenant, 'https://login.example/adminconsent'),
  new BackendCredentialRejectedError(),
  new EntraUnavailableError(5),
  new TokenAcquisitionFailedError('AADSTS70011'),
];

/** Every "<status> `<Code>…`" the doc writes (bold or not), e.g. "**401 `AuthUIRequired`**", "500 `TokenAcquisitionFailed (AADSTS…)`". */
const pairs = [...doc.matchAll(/\b([1-5]\d\d)\*{0,2} `([A-Z][A-Za-z]+)[^`]*`/g)].map((m) => ({ status: Number(m[1]), code: m[2] }));

describe('docs/tokens.md statuses', () => {
  it.each(errors.map((e) => [e.errorCode, e.status] as const))('%s is written with status %d, wherever the doc gives one', (code, status) => {
    const written = pairs.filter((p) => p.code === code);
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((p) => p.status !== status)).toEqual([]);
  });
});
