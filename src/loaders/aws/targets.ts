/**
 * Which accounts one audit run covers and with which credentials: the caller's own account, one role
 * (--role-arn), or a list of accounts (--accounts / --org) entered through --role-name, optionally
 * narrowed to a deterministic shard (--shard i/n) so that a CI matrix can split an organization.
 */
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export { parseAccountList, parseShard, shardAccounts, type Shard } from './shard.js';

export interface AuditTarget {
  /** The account id when known before the audit (--accounts / --org); undefined for the caller's own account. */
  accountId?: string;
  /** Role assumed for this target, when any. */
  roleArn?: string;
  /** Undefined = the base credentials. */
  credentials?: AwsCredentialIdentityProvider;
  /** Why this account cannot be entered (reported for it without any call). */
  unreachable?: string;
}

export interface CredentialSettings {
  profile?: string;
  /** Explicit base credentials (tests); otherwise the SDK's default chain. */
  credentials?: AwsCredentialIdentityProvider;
  homeRegion: string;
  endpointUrl?: string;
}

/** One provider shared by every client of an account: refreshes five minutes before expiry. */
export function memoizeCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let cached: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (cached !== undefined) {
      const current = await cached.catch(() => undefined);
      const expiry = current?.expiration?.getTime();
      if (current !== undefined && (expiry === undefined || expiry - Date.now() > 5 * 60_000)) return current;
    }
    cached = provider();
    return cached;
  };
}

/** The base credentials, resolved once and shared by every client (the default chain may call IMDS or SSO). */
export function baseCredentials(settings: CredentialSettings): AwsCredentialIdentityProvider {
  if (settings.credentials !== undefined) return settings.credentials;
  return memoizeCredentials(fromNodeProviderChain(settings.profile !== undefined ? { profile: settings.profile } : {}));
}

export function assumeRole(settings: CredentialSettings, roleArn: string, externalId?: string): AwsCredentialIdentityProvider {
  const base = baseCredentials(settings);
  return memoizeCredentials(
    fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: 's3lint-audit', ...(externalId !== undefined ? { ExternalId: externalId } : {}) },
      masterCredentials: base,
      clientConfig: { region: settings.homeRegion, ...(settings.endpointUrl !== undefined ? { endpoint: settings.endpointUrl } : {}) },
    }),
  );
}

export function roleArnFor(partition: string, accountId: string, roleName: string): string {
  return roleName.startsWith('arn:') ? roleName : `arn:${partition}:iam::${accountId}:role/${roleName.replace(/^\/+/, '')}`;
}
