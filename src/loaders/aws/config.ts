/**
 * The live audit's configuration and defaults. Free of SDK imports, so the CLI can build a configuration
 * (and every other command can start) without loading the AWS SDK.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuditProgress } from './audit-account.js';
import type { CallEvent } from './clients.js';
import { allNeeds, type AuditNeeds } from './requirements.js';
import type { Shard } from './shard.js';

export interface KeySampleOptions {
  /** Pages (of `pageSize` keys) of the flat listing. */
  pages: number;
  pageSize: number;
  /** First-level prefixes sampled when the flat listing is truncated. */
  prefixes: number;
  keysPerPrefix: number;
}

export const DEFAULT_KEY_SAMPLE: KeySampleOptions = { pages: 1, pageSize: 1000, prefixes: 6, keysPerPrefix: 20 };

export interface AuditConfig {
  /** Region of global calls (STS, S3 Control, ListBuckets, Organizations). */
  homeRegion: string;
  regions?: string[];
  endpointUrl?: string;
  profile?: string;
  /** Explicit base credentials (tests); default: the SDK's credential chain. */
  credentials?: AwsCredentialIdentityProvider;
  roleArn?: string;
  externalId?: string;
  accounts?: string[];
  /** List the accounts with Organizations ListAccounts. */
  org?: boolean;
  /** Role name (or ARN template) assumed in each account of --accounts / --org. */
  roleName?: string;
  shard?: Shard;
  /** Calls in flight at once across the whole audit. */
  concurrency: number;
  /** Calls in flight at once per client (service and region); default min(concurrency, 16). */
  clientConcurrency?: number;
  retryMode: 'adaptive' | 'standard';
  maxAttempts: number;
  timeoutMs: number;
  keySample: KeySampleOptions | false;
  needs: AuditNeeds;
  generatedBy?: string;
  observe?: (event: CallEvent) => void;
  onProgress?: (progress: AuditProgress) => void;
}

export const AUDIT_DEFAULTS = {
  homeRegion: 'us-east-1',
  // S3's control plane sustains this comfortably per account; the adaptive retry mode backs off when it does not.
  concurrency: 32,
  clientConcurrency: 16,
  retryMode: 'adaptive',
  maxAttempts: 6,
  timeoutMs: 20_000,
} as const;

export function defaultAuditConfig(overrides: Partial<AuditConfig> = {}): AuditConfig {
  return {
    homeRegion: AUDIT_DEFAULTS.homeRegion,
    concurrency: AUDIT_DEFAULTS.concurrency,
    retryMode: AUDIT_DEFAULTS.retryMode,
    maxAttempts: AUDIT_DEFAULTS.maxAttempts,
    timeoutMs: AUDIT_DEFAULTS.timeoutMs,
    keySample: DEFAULT_KEY_SAMPLE,
    needs: allNeeds(),
    ...overrides,
  };
}
