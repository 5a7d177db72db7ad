/**
 * The live audit's library entry point: resolve the accounts, audit each one in turn (each with the
 * whole concurrency budget), and convert each account's snapshot document into the model with the
 * snapshot converter, locating values by API call.
 */
import type { Estate } from '../../model/index.js';
import { convertSnapshot } from '../snapshot/convert.js';
import { AwsClients } from './clients.js';
import { auditAccount, type AccountAudit } from './audit-account.js';
import { collectCallerIdentity, collectOrganizationAccounts } from './collect-inventory.js';
import { Limiter } from './limiter.js';
import { apiLocator } from './locate.js';
import { OTHER_OPERATIONS } from './operations.js';
import { classifyError } from './outcome.js';
import type { JsonObject } from './snapshot-document.js';
import { partitionOf } from './snapshot-document.js';
import { AUDIT_DEFAULTS, type AuditConfig } from './config.js';
import { assumeRole, baseCredentials, roleArnFor, shardAccounts, type AuditTarget, type CredentialSettings } from './targets.js';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export { AUDIT_DEFAULTS, defaultAuditConfig, type AuditConfig } from './config.js';

export interface AccountResult {
  /** The account id (from GetCallerIdentity, or the requested id when the audit could not start). */
  accountId: string;
  roleArn?: string;
  /** Present when the account was audited. */
  audit?: AccountAudit;
  estate?: Estate;
  /** Why the account could not be audited at all (assume-role denied, no identity...). */
  error?: string;
}

export class AuditSetupError extends Error {}

/** The accounts this run covers, after --org / --accounts and --shard. */
export async function resolveTargets(config: AuditConfig): Promise<AuditTarget[]> {
  const creds: CredentialSettings = credentialSettings(config);
  if (config.roleArn !== undefined) {
    return [{ roleArn: config.roleArn, credentials: assumeRole(creds, config.roleArn, config.externalId) }];
  }
  if (config.accounts === undefined && config.org !== true) {
    if (config.shard !== undefined) throw new AuditSetupError('--shard needs a list of accounts (--accounts or --org)');
    return [{}];
  }
  const clients = newClients(config, baseCredentials(creds));
  try {
    const identity = await collectCallerIdentity(clients, config.homeRegion);
    if (identity.kind !== 'configured') {
      throw new AuditSetupError(`cannot identify the calling account: ${identity.kind === 'unknown' ? identity.reason : 'no identity'}`);
    }
    const partition = partitionOf(identity.value.arn);
    let ids = config.accounts ?? [];
    if (config.org === true) ids = [...ids, ...(await collectOrganizationAccounts(clients, config.homeRegion).catch((e: Error) => {
      throw new AuditSetupError(e.message);
    }))];
    ids = config.shard !== undefined ? shardAccounts(ids, config.shard) : [...new Set(ids)].sort();
    return ids.map((accountId): AuditTarget => {
      if (config.roleName === undefined) {
        // Without a role, only the caller's own account can be read.
        return accountId === identity.value.account
          ? { accountId }
          : { accountId, unreachable: `account ${accountId} is not the calling account and no --role-name was given` };
      }
      const roleArn = roleArnFor(partition, accountId, config.roleName);
      return { accountId, roleArn, credentials: assumeRole(creds, roleArn, config.externalId) };
    });
  } finally {
    clients.destroy();
  }
}

/** Audits every target in turn. Never throws for one account's failure: it is reported in its result. */
export async function runAudit(config: AuditConfig, targets?: AuditTarget[]): Promise<AccountResult[]> {
  const list = targets ?? (await resolveTargets(config));
  const results: AccountResult[] = [];
  for (const target of list) results.push(await auditTarget(config, target));
  return results;
}

async function auditTarget(config: AuditConfig, target: AuditTarget): Promise<AccountResult> {
  const label = target.accountId ?? 'caller account';
  if (target.unreachable !== undefined) return { accountId: label, error: target.unreachable };
  const credentials = target.credentials ?? baseCredentials(credentialSettings(config));
  if (target.roleArn !== undefined) {
    // Enter the account first, so a refused AssumeRole is reported as such and not as a failed first call.
    try {
      await credentials();
    } catch (err) {
      const outcome = classifyError(err, OTHER_OPERATIONS.assumeRole);
      const reason = outcome.kind === 'unknown' ? outcome.reason : 'no credentials';
      return { accountId: label, roleArn: target.roleArn, error: `cannot assume ${target.roleArn}: ${reason}` };
    }
  }
  const clients = newClients(config, credentials);
  try {
    const audit = await auditAccount(clients, {
      homeRegion: config.homeRegion,
      ...(config.regions !== undefined ? { regions: config.regions } : {}),
      needs: config.needs,
      keySample: config.keySample,
      bucketConcurrency: config.concurrency,
      ...(config.generatedBy !== undefined ? { generatedBy: config.generatedBy } : {}),
      ...(config.onProgress !== undefined ? { onProgress: config.onProgress } : {}),
    });
    if (target.accountId !== undefined && audit.accountId !== target.accountId) {
      audit.problems.push({ level: 'warning', message: `asked for account ${target.accountId} but the credentials belong to ${audit.accountId}` });
    }
    if (audit.problems.length > 0) audit.document.errors = audit.problems.map((p) => ({ ...p }));
    const estate = estateOf(audit, config.homeRegion);
    return { accountId: audit.accountId, ...(target.roleArn !== undefined ? { roleArn: target.roleArn } : {}), audit, estate };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = target.roleArn !== undefined ? `${message} (via ${target.roleArn})` : message;
    return { accountId: label, ...(target.roleArn !== undefined ? { roleArn: target.roleArn } : {}), error: reason };
  } finally {
    clients.destroy();
  }
}

/** The model of one audited account, every value located at the API call that returned it. */
export function estateOf(audit: AccountAudit, homeRegion: string): Estate {
  const estate = convertSnapshot(audit.document as unknown as JsonObject, apiLocator(audit.document, audit.partition, homeRegion), {
    missingReason: 'not collected: no enabled rule reads it',
  });
  for (const bucket of estate.buckets) {
    bucket.address = `arn:${audit.partition}:s3:::${bucket.name.known ? bucket.name.value : ''}`;
    bucket.context = { ...bucket.context, source: 'aws' };
  }
  for (const account of estate.accounts) account.context = { ...account.context, source: 'aws' };
  return estate;
}

function credentialSettings(config: AuditConfig): CredentialSettings {
  return {
    homeRegion: config.homeRegion,
    ...(config.profile !== undefined ? { profile: config.profile } : {}),
    ...(config.credentials !== undefined ? { credentials: config.credentials } : {}),
    ...(config.endpointUrl !== undefined ? { endpointUrl: config.endpointUrl } : {}),
  };
}

function newClients(config: AuditConfig, credentials: AwsCredentialIdentityProvider | undefined): AwsClients {
  return new AwsClients(
    {
      retryMode: config.retryMode,
      maxAttempts: config.maxAttempts,
      timeoutMs: config.timeoutMs,
      perClientConcurrency: Math.min(config.clientConcurrency ?? AUDIT_DEFAULTS.clientConcurrency, config.concurrency),
      ...(config.endpointUrl !== undefined ? { endpointUrl: config.endpointUrl } : {}),
      ...(credentials !== undefined ? { credentials } : {}),
      ...(config.profile !== undefined ? { profile: config.profile } : {}),
      ...(config.observe !== undefined ? { observe: config.observe } : {}),
    },
    new Limiter(config.concurrency),
  );
}
