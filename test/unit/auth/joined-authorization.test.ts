/**
 * Two Authorization headers reach the app as one value joined with ", " (as the Functions host joins repeated
 * headers). Whatever the two credentials are, neither parser may pick one of them: the call is refused (401).
 */
import fc from 'fast-check';
import { parseBearerHeader } from '../../../src/auth/inbound/bearer';
import { formatSubjectAndAppToken, parseSubjectAndAppToken } from '../../../src/auth/inbound/header';
import { AuthorizationHeaderInvalid } from '../../../src/auth/inbound/errors';

const tokenChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''));
const token = fc.string({ unit: tokenChar, minLength: 1, maxLength: 200 });
const controlPlane = fc.tuple(token, fc.option(token, { nil: undefined })).map(([appToken, subjectToken]) => formatSubjectAndAppToken(subjectToken === undefined ? { appToken } : { subjectToken, appToken }));
const dataPlane = token.map((t) => `Bearer ${t}`);
const credential = fc.oneof(controlPlane, dataPlane);

const refused = (parse: (h: string) => unknown, header: string): boolean => {
  try {
    parse(header);
    return false;
  } catch (err) {
    return err instanceof AuthorizationHeaderInvalid;
  }
};

describe('two Authorization headers, joined with ", "', () => {
  it('the control-plane parser refuses every pair', () => {
    fc.assert(fc.property(credential, credential, (a, b) => expect(refused(parseSubjectAndAppToken, `${a}, ${b}`)).toBe(true)), { numRuns: 500 });
  });

  it('the data-plane parser refuses every pair', () => {
    fc.assert(fc.property(credential, credential, (a, b) => expect(refused(parseBearerHeader, `${a}, ${b}`)).toBe(true)), { numRuns: 500 });
  });

  it('even two copies of one valid header', () => {
    const control = formatSubjectAndAppToken({ subjectToken: 'a.b.c', appToken: 'd.e.f' });
    expect(parseSubjectAndAppToken(control)).toEqual({ subjectToken: 'a.b.c', appToken: 'd.e.f' });
    expect(refused(parseSubjectAndAppToken, `${control}, ${control}`)).toBe(true);
    expect(refused(parseBearerHeader, 'Bearer a.b.c, Bearer a.b.c')).toBe(true);
  });
});
