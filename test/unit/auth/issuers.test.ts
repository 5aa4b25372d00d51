import { entraIssuers, jwksUrlFor } from '../../../src/auth/inbound/issuers';

const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('Entra issuers from the authority host', () => {
  it.each([
    ['https://login.microsoftonline.com', `https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`],
    ['https://login.microsoftonline.com/', `https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`],
    ['https://login.microsoftonline.us', `https://sts.windows.net/${tid}/`, `https://login.microsoftonline.us/${tid}/v2.0`],
    ['https://login.partner.microsoftonline.cn', `https://sts.chinacloudapi.cn/${tid}/`, `https://login.partner.microsoftonline.cn/${tid}/v2.0`],
    ['https://login.chinacloudapi.cn', `https://sts.chinacloudapi.cn/${tid}/`, `https://login.chinacloudapi.cn/${tid}/v2.0`],
    ['https://localhost:4443', `https://localhost:4443/${tid}/`, `https://localhost:4443/${tid}/v2.0`],
  ])('%s', (host, v1, v2) => {
    const issuers = entraIssuers(host);
    expect(issuers.v1(tid)).toBe(v1);
    expect(issuers.v2(tid)).toBe(v2);
  });

  it('reads keys from the multi-tenant v2 document', () => {
    expect(jwksUrlFor('https://login.microsoftonline.com').href).toBe('https://login.microsoftonline.com/common/discovery/v2.0/keys');
  });
});
