import { FabricError } from '../../../src/fabric/errors';
import { parseEndpointResolutionRequest, resolveEndpoint } from '../../../src/endpoint-resolution/route';

describe('endpoint resolution', () => {
  it('reads the context properties, including names it does not know', () => {
    expect(parseEndpointResolutionRequest({ context: [{ name: 'EndpointName', value: 'Workload' }, { name: 'FutureThing', value: '' }] })).toEqual([
      { name: 'EndpointName', value: 'Workload' },
      { name: 'FutureThing', value: '' },
    ]);
    expect(parseEndpointResolutionRequest({ context: [] })).toEqual([]);
  });

  it('reads a name sent as its enum number (0 to 3) as that name', () => {
    const context = [0, 1, 2, 3].map((name) => ({ name, value: 'v' }));
    expect(parseEndpointResolutionRequest({ context }).map((c) => c.name)).toEqual(['EndpointName', 'TenantRegion', 'WorkspaceRegion', 'TenantId']);
  });

  it.each([
    [{}, 'context must be an array'],
    [{ context: [{ name: 4, value: 'x' }] }, 'context[0].name must be a non-empty string of at most 64 characters, or a number 0 to 3'],
    [{ context: [{ name: -1, value: 'x' }] }, 'context[0].name'],
    [{ context: [{ name: 1.5, value: 'x' }] }, 'context[0].name'],
    [{ context: [{ name: true, value: 'x' }] }, 'context[0].name'],
    [{ context: {} }, 'context must be an array'],
    [{ context: [1] }, 'context[0] must be an object'],
    [{ context: [{ name: '', value: 'x' }] }, 'context[0].name'],
    [{ context: [{ name: 'TenantId' }] }, 'context[0].value'],
    [{ context: [{ name: 'TenantId', value: 'x'.repeat(257) }] }, 'context[0].value'],
    [{ context: Array.from({ length: 17 }, () => ({ name: 'a', value: 'b' })) }, 'more than 16'],
  ])('rejects %j with a 400', (body, text) => {
    try {
      parseEndpointResolutionRequest(body as Record<string, unknown>);
      throw new Error('expected a rejection');
    } catch (e) {
      expect((e as FabricError).status).toBe(400);
      expect((e as Error).message).toContain(text);
    }
  });

  it('answers the public base URL for 60 minutes, or 503 when it is unknown', () => {
    expect(resolveEndpoint('https://fn.azurewebsites.net/api')).toEqual({ url: 'https://fn.azurewebsites.net/api', ttlInMinutes: 60 });
    expect(() => resolveEndpoint(undefined)).toThrow(expect.objectContaining({ status: 503, errorCode: 'EndpointNotConfigured' }));
  });
});
