import { environmentOf, findRefreshToken, homeAccountIdForAssertion, staleAccounts } from '../../../src/tokens/msal-cache';

const APP = '33333333-3333-4333-8333-333333333333';
const cache = JSON.stringify({
  Account: {},
  AccessToken: {
    a: { home_account_id: 'alice.t', environment: 'login.example', client_id: APP, realm: 't2', expires_on: '2000', userAssertionHash: 'hashA' },
    b: { home_account_id: 'bob.t', environment: 'login.example', client_id: APP, realm: 't2', expires_on: '900' },
    app: { home_account_id: '', environment: 'login.example', client_id: APP, realm: 't1', expires_on: '100' },
  },
  RefreshToken: {
    r1: { home_account_id: 'alice.t', environment: 'login.example', client_id: APP, secret: 'rt-alice-old', cached_at: '10' },
    r2: { home_account_id: 'alice.t', environment: 'login.example', client_id: APP, secret: 'rt-alice-new', cached_at: '20' },
    r3: { home_account_id: 'bob.t', environment: 'login.example', client_id: APP, secret: 'rt-bob' },
    r4: { home_account_id: 'carol.t', environment: 'login.example', client_id: 'other-app', secret: 'rt-carol' },
  },
});

it('findRefreshToken: the newest for the user and this app only', () => {
  expect(findRefreshToken(cache, 'alice.t', APP)).toBe('rt-alice-new');
  expect(findRefreshToken(cache, 'bob.t', APP.toUpperCase())).toBe('rt-bob');
  expect(findRefreshToken(cache, 'carol.t', APP)).toBeUndefined();
  expect(findRefreshToken(cache, '', APP)).toBeUndefined();
  expect(findRefreshToken('not json', 'alice.t', APP)).toBeUndefined();
});

it('homeAccountIdForAssertion: the user filed under that OBO assertion in that tenant', () => {
  expect(homeAccountIdForAssertion(cache, 'hashA', 'T2')).toBe('alice.t');
  expect(homeAccountIdForAssertion(cache, 'hashA', 't1')).toBeUndefined();
  expect(homeAccountIdForAssertion(cache, 'other', 't2')).toBeUndefined();
});

it('environmentOf: where MSAL files the user', () => {
  expect(environmentOf(cache, 'bob.t')).toBe('login.example');
  expect(environmentOf(cache, 'nobody')).toBeUndefined();
});

it('staleAccounts: users with no live access token, never the app-only (empty) account', () => {
  expect(staleAccounts(cache, 1000).map((a) => a.homeAccountId).sort()).toEqual(['bob.t', 'carol.t']);
  expect(staleAccounts(cache, 5000).map((a) => a.homeAccountId).sort()).toEqual(['alice.t', 'bob.t', 'carol.t']);
  expect(staleAccounts(cache, 0)).toEqual([{ homeAccountId: 'carol.t', environment: 'login.example' }]);
});
