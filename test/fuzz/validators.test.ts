/**
 * Fuzzing the pure validators of every request body and route parameter (both contract generations): for any input
 * they either return a well-formed value or throw a FabricError with a 4xx status — never another error, never a
 * crash. Inputs are arbitrary JSON (what JSON.parse can produce, including "__proto__" keys), near-valid shapes that
 * reach the deeper rules, and hostile strings (traversal, unicode, control characters, huge values).
 * (The SubjectAndAppToken header parser is fuzzed in test/unit/auth/header.test.ts.)
 */
import fc from 'fast-check';
import { parseBearerHeader } from '../../src/auth/inbound/bearer';
import { AuthorizationHeaderInvalid } from '../../src/auth/inbound/errors';
import { TenantHeaderInvalid } from '../../src/auth/inbound/errors';
import { readTenantHeader } from '../../src/auth/inbound/tenant-header';
import { FabricError } from '../../src/fabric/errors';
import { parseItemDefinition } from '../../src/items/definition';
import { itemKey } from '../../src/items/ids';
import { parseToolkitDefinitionRequest, parseToolkitDeleteRequest, parseWdkCreateRequest, parseWdkUpdateRequest } from '../../src/items/requests';
import { parseItemPath, parseToolkitCreate, parseToolkitJobRef, parseWdkCreate, parseWdkJobPath } from '../../src/jobs/validation';
import { calculatorItemType } from '../../src/workload/calculator/item-type';
import { parseCalculateExecutionData } from '../../src/workload/calculator/calculate-job';
import { parseEndpointResolutionRequest } from '../../src/endpoint-resolution/route';
import { createItemTypeRegistry } from '../../src/catalog';
import { calcContent, definition, executionData, hostileString, json, jobRef, jsonObject } from './support/arbitraries';

const RUNS = 1500;
const WORKLOAD = 'Org.FabricRemoteEndpoint';
const ITEM_TYPE = `${WORKLOAD}.Calculator`;
const JOB_TYPE = `${ITEM_TYPE}.Calculate`;

// ---- Generators ----

const guidLike = fc.oneof(fc.uuid(), hostileString);
const body = jsonObject;

// ---- The contract ----

/** Either a value, or a FabricError with a 4xx status. Anything else (TypeError, RangeError, 500) fails. */
function returnsOr4xx<T>(fn: () => T, check: (value: T) => void = () => undefined): void {
  let value: T;
  try {
    value = fn();
  } catch (err) {
    if (!(err instanceof FabricError)) throw new Error(`threw ${(err as Error)?.name ?? typeof err}: ${(err as Error)?.message}`, { cause: err });
    expect(err.status).toBeGreaterThanOrEqual(400);
    expect(err.status).toBeLessThan(500);
    expect(err.message.length).toBeLessThan(1000); // never echoes a huge input
    return;
  }
  check(value);
}

const itemPath = { workspaceId: '0b5c7c52-6f4e-4c39-9d2a-1f0e4c8b7a11', itemType: ITEM_TYPE, itemId: '5d2e1c3b-8a7f-4e6d-9c5b-4a3f2e1d0c9b' };

describe('item lifecycle bodies', () => {
  it('WDK create: { displayName, description?, creationPayload? }', () => {
    const shape = fc.record({ displayName: fc.oneof(hostileString, json), description: fc.oneof(hostileString, json), creationPayload: fc.oneof(calcContent, json) }, { requiredKeys: [] });
    fc.assert(
      fc.property(body(shape), (b) =>
        returnsOr4xx(() => parseWdkCreateRequest(b), (v) => {
          expect(typeof v.displayName).toBe('string');
          expect(v.displayName!.trim()).not.toBe('');
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('WDK update: { displayName?, description?, updatePayload? }', () => {
    const shape = fc.record({ displayName: fc.oneof(hostileString, json), description: fc.oneof(hostileString, json), updatePayload: fc.oneof(calcContent, json) }, { requiredKeys: [] });
    fc.assert(fc.property(body(shape), (b) => returnsOr4xx(() => parseWdkUpdateRequest(b))), { numRuns: RUNS });
  });

  it('toolkit create/update/restore: { definition? }, and the definition alone', () => {
    fc.assert(
      fc.property(body(fc.record({ definition }, { requiredKeys: [] })), (b) => {
        returnsOr4xx(() => parseToolkitDefinitionRequest(b));
        returnsOr4xx(() => parseItemDefinition(b.definition), (d) => {
          for (const p of d?.parts ?? []) expect(p.path.split('/')).not.toContain('..');
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('toolkit delete: { deleteType }', () => {
    fc.assert(fc.property(body(fc.record({ deleteType: fc.oneof(fc.constantFrom('Hard', 'Soft', 'hard', 'SOFT'), hostileString, json) }, { requiredKeys: [] })), (b) => returnsOr4xx(() => parseToolkitDeleteRequest(b), (v) => expect(['Hard', 'Soft']).toContain(v.deleteType))), { numRuns: RUNS });
  });

  it('the Calculator content rules (definition and payload)', () => {
    fc.assert(
      fc.property(definition, calcContent, (d, payload) => {
        returnsOr4xx(() => {
          const parsed = parseItemDefinition(d);
          if (parsed) calculatorItemType.validateDefinition?.(parsed);
        });
        returnsOr4xx(() => calculatorItemType.validatePayload?.(payload as never));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('job bodies and paths', () => {
  const ref = jobRef(JOB_TYPE);

  it('toolkit create: { jobType, jobInstanceId, executionData?, definition? }', () => {
    fc.assert(fc.property(body(fc.tuple(ref, executionData, definition).map(([r, e, d]) => ({ ...r, executionData: e, definition: d }))), (b) => returnsOr4xx(() => parseToolkitCreate(b, itemPath))), { numRuns: RUNS });
  });

  it('toolkit status and cancel: { jobType, jobInstanceId }', () => {
    fc.assert(fc.property(body(ref), (b) => returnsOr4xx(() => parseToolkitJobRef(b, itemPath), (v) => expect(v.jobInstanceId).toMatch(/^[0-9a-f-]{36}$/))), { numRuns: RUNS });
  });

  it('WDK create: { invokeType, creationPayload? }', () => {
    const shape = fc.record({ invokeType: fc.oneof(fc.constantFrom('Manual', 'Scheduled', 'manual'), hostileString, json), creationPayload: executionData }, { requiredKeys: [] });
    fc.assert(fc.property(body(shape), (b) => returnsOr4xx(() => parseWdkCreate(b, { ...itemPath, jobType: JOB_TYPE, jobInstanceId: '7c1f2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }))), { numRuns: RUNS });
  });

  it('Calculate executionData', () => {
    fc.assert(fc.property(executionData, (e) => returnsOr4xx(() => parseCalculateExecutionData(e as never))), { numRuns: RUNS });
  });
});

describe('route parameters', () => {
  const params = fc.record({ workspaceId: guidLike, itemType: fc.oneof(fc.constant(ITEM_TYPE), hostileString), itemId: guidLike, jobType: fc.oneof(fc.constant(JOB_TYPE), hostileString), jobInstanceId: guidLike }, { requiredKeys: [] });
  const registry = createItemTypeRegistry(WORKLOAD, [calculatorItemType]);

  it('item and job paths, item keys, item types', () => {
    fc.assert(
      fc.property(params, guidLike, (p, tenant) => {
        returnsOr4xx(() => parseItemPath(p), (v) => expect(v.workspaceId).toMatch(/^[0-9a-f-]{36}$/));
        returnsOr4xx(() => parseWdkJobPath(p), (v) => expect(v.jobType.startsWith(`${v.itemType}.`)).toBe(true));
        returnsOr4xx(() => itemKey(tenant, p.workspaceId, p.itemId), (k) => expect(`${k.tenantId}${k.workspaceId}${k.itemId}`).toMatch(/^[0-9a-f-]{108}$/));
        returnsOr4xx(() => registry.require(p.itemType ?? ''));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('endpoint resolution', () => {
  it('{ context: [{ name, value }] }', () => {
    const entry = fc.oneof(fc.record({ name: fc.oneof(fc.constantFrom('EndpointName', 'TenantRegion', 'WorkspaceRegion', 'TenantId'), hostileString, json), value: fc.oneof(hostileString, json) }, { requiredKeys: [] }), json);
    fc.assert(fc.property(body(fc.record({ context: fc.oneof(fc.array(entry, { maxLength: 20 }), json) }, { requiredKeys: [] })), (b) => returnsOr4xx(() => parseEndpointResolutionRequest(b))), { numRuns: RUNS });
  });
});

describe('request headers', () => {
  it('Bearer and tenant headers: a value or their own error, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.constant(undefined), hostileString.map((s) => `Bearer ${s}`)), hostileString, hostileString, (authorization, primary, alternate) => {
        try {
          parseBearerHeader(authorization);
        } catch (err) {
          expect(err).toBeInstanceOf(AuthorizationHeaderInvalid);
        }
        const headers = { get: (n: string) => (n === 'x-ms-client-tenant-id' ? primary : n === 'ms-client-tenant-id' ? alternate : null) };
        try {
          expect(readTenantHeader(headers)).toMatch(/^[0-9a-f-]{36}$/);
        } catch (err) {
          expect(err).toBeInstanceOf(TenantHeaderInvalid);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
