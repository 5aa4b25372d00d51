import fc from 'fast-check';
import { MAX_AUTHORIZATION_HEADER_LENGTH, SUBJECT_AND_APP_SCHEME, formatSubjectAndAppToken, parseSubjectAndAppToken, type SubjectAndAppToken } from '../../../src/auth/inbound/header';
import { AuthorizationHeaderInvalid } from '../../../src/auth/inbound/errors';

const tokenChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''));
const tokenValue = fc.string({ unit: tokenChar, minLength: 1, maxLength: 300 });
const tokens: fc.Arbitrary<SubjectAndAppToken> = fc.record({ appToken: tokenValue, subjectToken: fc.option(tokenValue, { nil: undefined }) }, { requiredKeys: ['appToken'] }).map((t) =>
  t.subjectToken === undefined ? { appToken: t.appToken } : { subjectToken: t.subjectToken, appToken: t.appToken },
);

describe('SubjectAndAppToken1.0 header', () => {
  it('parse(format(x)) == x', () => {
    fc.assert(fc.property(tokens, (t) => expect(parseSubjectAndAppToken(formatSubjectAndAppToken(t))).toEqual(t)), { numRuns: 500 });
  });

  it('throws nothing but AuthorizationHeaderInvalid for arbitrary input', () => {
    const near = fc.tuple(fc.constantFrom(`${SUBJECT_AND_APP_SCHEME} `, `${SUBJECT_AND_APP_SCHEME}`, 'Bearer ', ''), fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 50 })).map(([a, b, c]) => a + b + c);
    const shuffled = fc.array(fc.constantFrom('subjectToken', 'appToken', '=', '"', ',', ' ', 'eyJ.a.b', 'x'), { maxLength: 20 }).map((parts) => `${SUBJECT_AND_APP_SCHEME} ${parts.join('')}`);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), near, shuffled, fc.constant(undefined), fc.constant(null)), (input) => {
        try {
          parseSubjectAndAppToken(input);
        } catch (err) {
          expect(err).toBeInstanceOf(AuthorizationHeaderInvalid);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('treats an empty subjectToken as app-only', () => {
    expect(parseSubjectAndAppToken(`${SUBJECT_AND_APP_SCHEME} subjectToken="", appToken="a.b.c"`)).toEqual({ appToken: 'a.b.c' });
    expect(formatSubjectAndAppToken({ appToken: 'a.b.c' })).toBe(`${SUBJECT_AND_APP_SCHEME} subjectToken="", appToken="a.b.c"`);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['another scheme', 'Bearer a.b.c'],
    ['scheme in another case', 'subjectandapptoken1.0 subjectToken="", appToken="a.b.c"'],
    ['scheme only', SUBJECT_AND_APP_SCHEME],
    ['unknown key', `${SUBJECT_AND_APP_SCHEME} subjectToken="", appToken="a.b.c", extra="x"`],
    ['duplicate appToken', `${SUBJECT_AND_APP_SCHEME} appToken="a.b.c", appToken="a.b.c"`],
    ['duplicate subjectToken', `${SUBJECT_AND_APP_SCHEME} subjectToken="a.b.c", subjectToken="a.b.c", appToken="a.b.c"`],
    ['missing appToken', `${SUBJECT_AND_APP_SCHEME} subjectToken="a.b.c"`],
    ['empty appToken', `${SUBJECT_AND_APP_SCHEME} subjectToken="a.b.c", appToken=""`],
    ['unquoted value', `${SUBJECT_AND_APP_SCHEME} subjectToken=a.b.c, appToken="a.b.c"`],
    ['quote inside value', `${SUBJECT_AND_APP_SCHEME} appToken="a.b"c"`],
    ['space inside value', `${SUBJECT_AND_APP_SCHEME} appToken="a.b c"`],
    ['trailing comma', `${SUBJECT_AND_APP_SCHEME} appToken="a.b.c",`],
    ['oversized', `${SUBJECT_AND_APP_SCHEME} subjectToken="", appToken="${'a'.repeat(MAX_AUTHORIZATION_HEADER_LENGTH)}"`],
  ])('rejects %s', (_name, header) => {
    expect(() => parseSubjectAndAppToken(header)).toThrow(AuthorizationHeaderInvalid);
  });

  it('never puts token material in its messages', () => {
    const secret = 'eyJsecretheader.eyJsecretpayload.signature"';
    try {
      parseSubjectAndAppToken(`${SUBJECT_AND_APP_SCHEME} appToken="${secret}`);
      throw new Error('expected a failure');
    } catch (err) {
      expect((err as Error).message).not.toContain('secret');
    }
  });
});
