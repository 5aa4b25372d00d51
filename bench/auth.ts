/**
 * Inbound authentication benchmark: full SubjectAndAppToken1.0 authentication (header parse, tenant header,
 * 2 token validations, role checks) per second, for unique tokens and for repeated tokens, under concurrency,
 * against raw node:crypto RS256 verification as the baseline (2 verifies per authentication).
 * Keys come from a local Entra ID over the real JWKS key source, loaded once before measuring.
 */
import { createPublicKey, verify } from 'node:crypto';
import type * as Jose from 'jose';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { startLocalEntra, type LocalEntra } from '../devtools/local-entra/server';
import { fabricAppToken, fabricSubjectToken, type LocalUser, type WorkloadIdentity } from '../devtools/local-entra/fabric-tokens';
import { authenticateControlPlane, createInboundAuth, formatSubjectAndAppToken, type InboundAuth } from '../src/auth/inbound';
import type { RequestScope } from '../src/http/handler';
import { createLogger } from '../src/observability/logger';
import type { BenchRow } from './bench-row';

const CONCURRENCY = 64;
const workload: WorkloadIdentity = { publisherTenantId: '0e1f2a3b-0000-4000-8000-00000000b001', backendAppId: '1f2a3b4c-0000-4000-8000-00000000b002', backendAudience: 'api://localdevinstance/0e1f2a3b-0000-4000-8000-00000000b001/Org.Bench' };
const user: LocalUser = { tenantId: '2a3b4c5d-0000-4000-8000-00000000b003', oid: '3b4c5d6e-0000-4000-8000-00000000b004', name: 'Bench User', upn: 'bench@contoso.example' };
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

function buildAuth(idp: LocalEntra): InboundAuth {
  return createInboundAuth(
    { tenantId: workload.publisherTenantId, backendAppId: workload.backendAppId, backendAudience: workload.backendAudience, authorityHost: idp.origin, fabricAppIds: ['00000009-0000-0000-c000-000000000000'] },
    { keySource: { log: createLogger(silent) } },
  );
}

function request(appToken: string, subjectToken: string): HttpRequest {
  return new HttpRequest({ method: 'POST', url: 'https://localhost/api/bench', headers: { authorization: formatSubjectAndAppToken({ appToken, subjectToken }), 'x-ms-client-tenant-id': user.tenantId } });
}

/** Runs `total` operations with `concurrency` in flight; returns operations per second. */
export async function measure(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await op(next++);
    }),
  );
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function authBench(opts: { short: boolean }): Promise<BenchRow[]> {
  const unique = opts.short ? 32 : 3000;
  const rounds = opts.short ? 1 : 9;
  const repeatedOps = opts.short ? 200 : 100_000;
  const rawOps = opts.short ? 200 : 20_000;

  const idp = await startLocalEntra({});
  try {
    const pairs = await Promise.all(Array.from({ length: unique }, async () => [await fabricAppToken(idp, workload), await fabricSubjectToken(idp, workload, user)] as const));
    const requests = pairs.map(([a, s]) => request(a, s));
    const ctx = new InvocationContext({ logHandler: () => undefined });
    const scope: RequestScope = { log: createLogger(silent), correlation: {}, ctx };
    const options = { subjectToken: 'required' } as const;

    // Baseline: raw RS256 verification with a KeyObject, synchronous (one core).
    const publicKey = createPublicKey({ key: idp.jwks().keys[0] as never, format: 'jwk' });
    const parts = pairs.flat().map((t) => {
      const i = t.lastIndexOf('.');
      return { data: Buffer.from(t.slice(0, i)), sig: Buffer.from(t.slice(i + 1), 'base64url') };
    });
    const rawVerifies = (): number => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < rawOps; i++) {
        const p = parts[i % parts.length];
        if (!verify('sha256', p.data, publicKey, p.sig)) throw new Error('baseline verification failed');
      }
      return rawOps / (Number(process.hrtime.bigint() - start) / 1e9);
    };
    // Plain jose: jwtVerify with only the algorithm pinned and the JWKS's key, on both tokens of a pair (what a
    // validator that lets jose verify pays for the signatures and jose's own checks, before any Entra rule).
    const jose = await import('jose');
    const joseKey = await jose.importJWK(idp.jwks().keys[0] as Jose.JWK, 'RS256');
    const joseVerifyPair = async ([appToken, subjectToken]: readonly [string, string]): Promise<void> => {
      await jose.jwtVerify(appToken, () => joseKey, { algorithms: ['RS256'] });
      await jose.jwtVerify(subjectToken, () => joseKey, { algorithms: ['RS256'] });
    };
    /** Authentications per second with a fresh InboundAuth (empty cache, keys loaded once before measuring). */
    const authenticate = async (total: number, concurrency: number, pick: (i: number) => HttpRequest, warm = false): Promise<number> => {
      const auth = buildAuth(idp);
      try {
        if (!(await auth.keys.prime())) throw new Error('JWKS not loaded');
        if (warm) await authenticateControlPlane(auth, pick(0), options, scope); // the verified-token cache stores it
        return await measure(total, concurrency, (i) => authenticateControlPlane(auth, pick(i), options, scope));
      } finally {
        auth.close();
      }
    };

    // Rounds interleave every case so that machine-load drift hits all of them alike; ratios are per round.
    const raw: number[] = [];
    const uniqueConcurrent: number[] = [];
    const uniqueSequential: number[] = [];
    const repeated: number[] = [];
    const joseConcurrent: number[] = [];
    const joseSequential: number[] = [];
    for (let r = 0; r < rounds; r++) {
      raw.push(rawVerifies());
      joseConcurrent.push(await measure(pairs.length, CONCURRENCY, (i) => joseVerifyPair(pairs[i])));
      joseSequential.push(await measure(pairs.length, 1, (i) => joseVerifyPair(pairs[i])));
      uniqueConcurrent.push(await authenticate(requests.length, CONCURRENCY, (i) => requests[i]));
      uniqueSequential.push(await authenticate(requests.length, 1, (i) => requests[i]));
      // Fabric reuses its app token for an hour: from the second call on, the verified-token cache answers.
      repeated.push(await authenticate(repeatedOps, CONCURRENCY, () => requests[0], true));
    }
    const baseline = raw.map((v) => v / 2);
    const row = (name: string, perRound: number[], target?: { min: number; text: string }): BenchRow => {
      const ratio = median(perRound.map((v, r) => v / baseline[r]));
      return { name, opsPerSec: median(perRound), ratio, baseline: '2 raw RS256 verifies', ...(target ? { target: target.text, met: ratio >= target.min } : {}) };
    };
    return [
      row('raw crypto.verify RS256 (1 verify)', raw),
      row('baseline: 2 raw RS256 verifies', baseline),
      row(`SubjectAndAppToken auth, unique tokens, ${CONCURRENCY} in flight`, uniqueConcurrent, { min: 0.3, text: '>= 0.3x' }),
      row('SubjectAndAppToken auth, unique tokens, 1 in flight', uniqueSequential),
      row(`SubjectAndAppToken auth, repeated tokens, ${CONCURRENCY} in flight`, repeated, { min: 5, text: '>= 5x' }),
      row(`plain jose.jwtVerify x2 (RS256 only), unique tokens, ${CONCURRENCY} in flight`, joseConcurrent),
      row('plain jose.jwtVerify x2 (RS256 only), unique tokens, 1 in flight', joseSequential),
    ];
  } finally {
    await idp.stop();
  }
}
