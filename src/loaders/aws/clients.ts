/**
 * SDK clients for one audited account: one per service and region, created on first use and shared by
 * every call so the adaptive retry mode's rate limiter sees the whole traffic of that client.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { Limiter, runLimited } from './limiter.js';

export interface CallEvent {
  service: string;
  operation: string;
  region: string;
}

export interface ClientSettings {
  /** S3-compatible endpoint or a local emulator; every service is sent there. */
  endpointUrl?: string;
  /** Credentials; undefined = the SDK's default chain (honouring `profile`). */
  credentials?: AwsCredentialIdentityProvider;
  profile?: string;
  retryMode: 'adaptive' | 'standard';
  maxAttempts: number;
  /** Per-call timeout (connection + response), milliseconds. */
  timeoutMs: number;
  /** Calls in flight at once per client (also the HTTP agent's socket cap). */
  perClientConcurrency: number;
  /** Called once per API call (before retries), with the operation name. */
  observe?: (event: CallEvent) => void;
}

export interface ServiceClients {
  s3: S3Client;
  s3control: S3ControlClient;
  sts: STSClient;
  ec2: EC2Client;
  organizations: OrganizationsClient;
}

type AnyClient = ServiceClients[keyof ServiceClients];

export class AwsClients {
  private readonly cache = new Map<string, { client: AnyClient; limiter: Limiter }>();

  constructor(
    readonly settings: ClientSettings,
    /** Bounds calls in flight across every client of the audit. */
    readonly overall: Limiter,
  ) {}

  s3(region: string): S3Client {
    return this.get('s3', region, (c) => new S3Client({ ...c, forcePathStyle: this.settings.endpointUrl !== undefined, followRegionRedirects: true }));
  }

  s3control(region: string): S3ControlClient {
    const url = this.settings.endpointUrl;
    // The {AccountId}. host prefix cannot be resolved against a custom endpoint: send the request to it unchanged.
    return this.get('s3control', region, (c) =>
      url === undefined ? new S3ControlClient(c) : new S3ControlClient({ ...c, endpointProvider: () => ({ url: new URL(url) }) }),
    );
  }

  sts(region: string): STSClient {
    return this.get('sts', region, (c) => new STSClient(c));
  }

  ec2(region: string): EC2Client {
    return this.get('ec2', region, (c) => new EC2Client(c));
  }

  organizations(region: string): OrganizationsClient {
    return this.get('organizations', region, (c) => new OrganizationsClient(c));
  }

  /** Runs `fn` with the service's client for `region`, under that client's and the overall concurrency bounds. */
  with<S extends keyof ServiceClients, T>(service: S, region: string, fn: (client: ServiceClients[S]) => Promise<T>): Promise<T> {
    const client = this[service](region) as ServiceClients[S];
    const limiter = this.cache.get(`${service}/${region}`)!.limiter;
    // Client slot first: a call waiting for a busy client must not hold an overall slot other clients could use.
    return runLimited([limiter, this.overall], () => fn(client));
  }

  destroy(): void {
    for (const { client } of this.cache.values()) client.destroy();
    this.cache.clear();
  }

  private get<C extends AnyClient>(service: string, region: string, make: (config: ReturnType<AwsClients['baseConfig']>) => C): C {
    const key = `${service}/${region}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      const client = make(this.baseConfig(region));
      this.instrument(client, service, region);
      entry = { client, limiter: new Limiter(this.settings.perClientConcurrency) };
      this.cache.set(key, entry);
    }
    return entry.client as C;
  }

  private baseConfig(region: string) {
    const s = this.settings;
    const agent = { keepAlive: true, maxSockets: s.perClientConcurrency };
    return {
      region,
      retryMode: s.retryMode,
      maxAttempts: s.maxAttempts,
      requestHandler: {
        connectionTimeout: Math.min(s.timeoutMs, 5_000),
        requestTimeout: s.timeoutMs,
        throwOnRequestTimeout: true,
        httpAgent: agent,
        httpsAgent: agent,
      },
      ...(s.endpointUrl !== undefined ? { endpoint: s.endpointUrl } : {}),
      ...(s.credentials !== undefined ? { credentials: s.credentials } : {}),
      ...(s.profile !== undefined && s.credentials === undefined ? { profile: s.profile } : {}),
    };
  }

  private instrument(client: AnyClient, service: string, region: string): void {
    const observe = this.settings.observe;
    if (observe === undefined) return;
    // `initialize` runs once per command, before retries: one event per logical API call.
    (client.middlewareStack as { add: (mw: unknown, opts: unknown) => void }).add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        observe({ service, region, operation: (context.commandName ?? 'Unknown').replace(/Command$/, '') });
        return next(args);
      },
      { step: 'initialize', name: 's3lintObserveCalls' },
    );
  }
}
