/**
 * Captures every log line written during accepted and rejected calls (invocation logs and the key source's logs)
 * and checks that no token material appears beyond its last 4 characters.
 */
import { randomUUID } from 'node:crypto';
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { fabricAppToken, fabricSubjectToken, frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { controlPlaneWith, dataPlaneWith } from '../../../src/auth/inbound';
import { json } from '../../../src/http/respond';
import { buildAuth, call, claimsOf, controlHeaders, headerOf, startIdp, user, workload } from './harness';

let idp: LocalEntra;
beforeAll(async () => {
  idp = await startIdp();
});
afterAll(async () => {
  await idp.stop();
});

it('logs rejection reasons with at most the last 4 characters of any token', async () => {
  const t = buildAuth(idp);
  const logs: string[] = [];
  const control = controlPlaneWith(t.auth, { subjectToken: 'required' }, async () => json(200, { ok: true }));
  const data = dataPlaneWith(t.auth, { scopes: ['Item1.Read.All'] }, async () => json(200, { ok: true }));
  const app = await fabricAppToken(idp, workload);
  const subject = await fabricSubjectToken(idp, workload, user);
  const badAudience = await fabricSubjectToken(idp, workload, user, { claims: { aud: 'api://other' } });
  const noScope = await fabricSubjectToken(idp, workload, user, { claims: { scp: 'Other' } });
  const unknownKid = await idp.sign({ ...headerOf(app), kid: randomUUID() } as never, claimsOf(app));
  const frontend = await frontendToken(idp, workload, user, ['Item2.Read.All']);
  const tokens = [app, subject, badAudience, noScope, unknownKid, frontend];

  const statuses = [
    (await call(control, controlHeaders(app, subject), logs)).status,
    (await call(control, controlHeaders(app, badAudience), logs)).status,
    (await call(control, controlHeaders(app, noScope), logs)).status,
    (await call(control, controlHeaders(unknownKid, subject), logs)).status,
    (await call(control, { ...controlHeaders(app, subject), authorization: `SubjectAndAppToken1.0 appToken="${app}", bogus="${subject}"` }, logs)).status,
    (await call(data, { authorization: `Bearer ${frontend}` }, logs)).status,
    (await call(data, { authorization: `Bearer ${app} ${subject}` }, logs)).status,
  ];
  idp.setJwksBehaviour('down');
  const outage = buildAuth(idp);
  const down = controlPlaneWith(outage.auth, { subjectToken: 'required' }, async () => json(200, {}));
  statuses.push((await call(down, controlHeaders(app, subject), logs)).status);
  idp.setJwksBehaviour(undefined);
  t.auth.close();
  outage.auth.close();

  expect(statuses).toEqual([200, 401, 403, 401, 401, 403, 401, 503]);
  const all = [...logs, ...t.logs, ...outage.logs].join('\n');
  // The rejections were logged, with the tokens' tails...
  expect(all).toContain('subjectToken audience mismatch');
  expect(all).toContain(`…${badAudience.slice(-4)}`);
  expect(all).toContain('SigningKeysUnavailable');
  // ...and nothing longer than the last 4 characters of any token.
  for (const token of tokens) {
    for (let i = 0; i + 6 <= token.length; i++) {
      const window = token.slice(i, i + 6);
      expect(all.includes(window) ? `${window} at ${i} of ${token.length}` : 'absent').toBe('absent');
    }
  }
});
