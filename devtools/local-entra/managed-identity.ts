/**
 * A local managed-identity endpoint speaking the App Service / Azure Functions protocol, so that @azure/identity's
 * ManagedIdentityCredential runs unmodified against it:
 *
 *   IDENTITY_ENDPOINT=http://localhost:<port>/msi/token   IDENTITY_HEADER=<random secret>
 *   GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=<resource>[&client_id=<user-assigned id>]
 *       X-IDENTITY-HEADER: <secret>
 *   200 {"access_token","expires_on":"<unix seconds>","resource","token_type":"Bearer","client_id"}
 *
 * Which protocol: @azure/identity 4.x hands managed identity to its nested msal-node (5.x), whose source detection picks
 * "AppService" when IDENTITY_ENDPOINT and IDENTITY_HEADER are set (and IDENTITY_SERVER_THUMBPRINT is not, which
 * would mean Service Fabric). It sends X-IDENTITY-HEADER, api-version 2019-08-01, `resource` (the scope without
 * /.default) and `client_id` for a user-assigned identity, over plain http (the platform endpoint is http on
 * localhost; the credential allows insecure connections for that reason). The source is picked once per process, so
 * the variables must be set before the first ManagedIdentityCredential is created.
 *
 * Tokens are minted by the local Entra ID (real RS256, its JWKS), so the local Key Vault can validate them and the
 * local Entra token endpoint accepts them as federated client assertions.
 */
import { listenLocal, type LocalServer } from '../local-server';
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { LocalEntra } from './server';

export interface ManagedIdentityDefinition {
  /** Client id of the identity (AZURE_CLIENT_ID for a user-assigned one). */
  readonly clientId: string;
  /** Its service principal object id (oid/sub of its tokens). */
  readonly principalId: string;
}

export interface LocalManagedIdentityOptions {
  readonly entra: LocalEntra;
  /** Tenant the identity lives in (tid of its tokens). */
  readonly tenantId: string;
  /** User-assigned identities, selected by client_id. */
  readonly userAssigned?: readonly ManagedIdentityDefinition[];
  /** The system-assigned identity (used when no client_id is sent). */
  readonly systemAssigned?: ManagedIdentityDefinition;
  /** Lifetime of issued tokens, seconds (default 3600). */
  readonly tokenLifetimeSeconds?: number;
  readonly port?: number;
}

/** What the endpoint received (no tokens). */
export interface ManagedIdentityRequest {
  readonly resource: string;
  readonly clientId?: string;
  readonly apiVersion?: string;
  readonly status: number;
}

/** undefined = normal; 'down' = connection reset; or a fixed answer (e.g. 500). */
export type ManagedIdentityBehaviour = undefined | 'down' | { readonly status: number; readonly body: unknown };

export class LocalManagedIdentity {
  readonly header = randomBytes(24).toString('base64url');
  readonly requests: ManagedIdentityRequest[] = [];
  endpoint = '';
  private server?: LocalServer;
  private behaviour: ManagedIdentityBehaviour;

  constructor(private readonly options: LocalManagedIdentityOptions) {}

  /** The two variables App Service sets; assign them to process.env before creating a ManagedIdentityCredential. */
  get env(): { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string } {
    return { IDENTITY_ENDPOINT: this.endpoint, IDENTITY_HEADER: this.header };
  }

  setBehaviour(b: ManagedIdentityBehaviour): void {
    this.behaviour = b;
  }

  async start(): Promise<this> {
    this.server = await listenLocal((req, res) => this.handle(req, res), { port: this.options.port });
    this.endpoint = `${this.server.origin}/msi/token`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await s?.stop();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const resource = url.searchParams.get('resource') ?? '';
    const clientId = url.searchParams.get('client_id') ?? undefined;
    const apiVersion = url.searchParams.get('api-version') ?? undefined;
    const send = (status: number, body: unknown): void => {
      this.requests.push({ resource, clientId, apiVersion, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const b = this.behaviour;
    if (b === 'down') {
      this.requests.push({ resource, clientId, apiVersion, status: 0 });
      req.socket.destroy();
      return;
    }
    if (b) return send(b.status, b.body);
    const correlationId = randomUUID();
    if (req.method !== 'GET' || url.pathname !== '/msi/token') return send(404, { statusCode: 404, message: 'Not found', correlationId });
    if (req.headers['x-identity-header'] !== this.header) return send(401, { statusCode: 401, message: 'X-IDENTITY-HEADER is missing or wrong', correlationId });
    if (apiVersion !== '2019-08-01') return send(400, { statusCode: 400, message: 'api-version must be 2019-08-01', correlationId });
    if (!resource) return send(400, { statusCode: 400, message: 'resource is required', correlationId });
    const identity = clientId ? this.options.userAssigned?.find((i) => i.clientId.toLowerCase() === clientId.toLowerCase()) : this.options.systemAssigned;
    if (!identity) return send(400, { statusCode: 400, message: 'Unable to load the proper Managed Identity.', correlationId });

    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    const tenantId = this.options.tenantId;
    const token = await this.options.entra.mint(
      {
        iss: `https://sts.windows.net/${tenantId}/`,
        aud: resource,
        appid: identity.clientId,
        appidacr: '2',
        idtyp: 'app',
        oid: identity.principalId,
        sub: identity.principalId,
        xms_mirid: `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/local/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.clientId}`,
      },
      { tenantId, expiresInSeconds: lifetime },
    );
    send(200, {
      access_token: token,
      expires_on: String(Math.floor(Date.now() / 1000) + lifetime),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    });
  }
}

export async function startLocalManagedIdentity(options: LocalManagedIdentityOptions): Promise<LocalManagedIdentity> {
  return new LocalManagedIdentity(options).start();
}
