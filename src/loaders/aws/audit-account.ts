/**
 * Audits one account: reads what the enabled rules need and assembles it into a snapshot document.
 * Every listed bucket in scope appears in the document, whatever happened to its individual calls.
 */
import type { AwsClients } from './clients.js';
import { collectSetting } from './collect-bucket-settings.js';
import { collectKeySample } from './collect-key-sample.js';
import type { KeySampleOptions } from './config.js';
import {
  collectAccountPublicAccessBlock,
  collectBucketList,
  collectBucketRegion,
  collectCallerIdentity,
  collectVpcEndpoints,
  type ListedBucket,
} from './collect-inventory.js';
import { mapPool } from './limiter.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { BUCKET_SECTIONS, type BucketSection } from './operations.js';
import type { UnknownCategory } from './outcome.js';
import type { AuditNeeds } from './requirements.js';
import { partitionOf, type Section, type SnapshotBucket, type SnapshotDocument, type SnapshotVpcEndpoint } from './snapshot-document.js';

export interface AccountAuditOptions {
  /** Region for global calls (STS, S3 Control, ListBuckets, GetBucketLocation). */
  homeRegion: string;
  /** Only buckets (and VPC endpoints) in these regions; all when undefined. */
  regions?: readonly string[];
  needs: AuditNeeds;
  /** false = no key sample (--no-key-sample). */
  keySample: KeySampleOptions | false;
  /** Buckets processed at once (their calls are bounded separately by the clients' limiters). */
  bucketConcurrency: number;
  generatedBy?: string;
  onProgress?: (progress: AuditProgress) => void;
}

export interface AuditProgress {
  account: string;
  bucketsDone: number;
  bucketsTotal: number;
  /** Sections that ended unknown so far, and account-level failures. */
  errors: number;
}

/** Something about the account as a whole that could not be read (the buckets that were read still count). */
export interface AuditProblem {
  message: string;
  level: 'error' | 'warning';
}

export interface AccountAudit {
  accountId: string;
  partition: string;
  document: SnapshotDocument;
  problems: AuditProblem[];
  /** Unknown sections by cause. */
  unknowns: Record<UnknownCategory, number>;
}

export class AccountAuditError extends Error {}

export async function auditAccount(clients: AwsClients, options: AccountAuditOptions): Promise<AccountAudit> {
  const home = options.homeRegion;
  const identity = await collectCallerIdentity(clients, home);
  if (identity.kind !== 'configured') {
    throw new AccountAuditError(`cannot identify the account: ${identity.kind === 'unknown' ? identity.reason : 'no identity'}`);
  }
  const accountId = identity.value.account;
  const partition = partitionOf(identity.value.arn);
  const problems: AuditProblem[] = [];
  const unknowns: Record<UnknownCategory, number> = { denied: 0, throttled: 0, timeout: 0, error: 0 };
  const progress: AuditProgress = { account: accountId, bucketsDone: 0, bucketsTotal: 0, errors: 0 };
  const countSection = (failure: UnknownCategory | undefined): void => {
    if (failure === undefined) return;
    unknowns[failure]++;
    progress.errors++;
  };

  const accountPab = options.needs.accountPublicAccessBlock
    ? collectAccountPublicAccessBlock(clients, home, accountId)
    : Promise.resolve<Section | undefined>(undefined);

  const listed = await collectBucketList(clients, home);
  let buckets: SnapshotBucket[] = [];
  if (listed.kind === 'configured') {
    progress.bucketsTotal = listed.value.length;
    options.onProgress?.({ ...progress });
    const wanted = new Set(BUCKET_SECTIONS.filter((s) => options.needs.sections.has(s)));
    const collected = await mapPool(listed.value, options.bucketConcurrency, async (b) => {
      const bucket = await auditBucket(clients, b, accountId, wanted, options, countSection);
      progress.bucketsDone++;
      options.onProgress?.({ ...progress });
      return bucket;
    });
    buckets = collected.filter((b): b is SnapshotBucket => b !== undefined);
  } else {
    progress.errors++;
    problems.push({
      level: 'error',
      message: `account ${accountId}: cannot list buckets: ${listed.kind === 'unknown' ? listed.reason : 'no answer'}`,
    });
  }

  const vpcEndpoints: SnapshotVpcEndpoint[] = [];
  if (options.needs.vpcEndpoints) {
    const regions = options.regions ?? [...new Set(buckets.flatMap((b) => (b.region !== undefined ? [b.region] : [])))].sort();
    const results = await Promise.all(regions.map((r) => collectVpcEndpoints(clients, r)));
    results.forEach((result, i) => {
      if (result.kind === 'configured') vpcEndpoints.push(...result.value);
      else {
        progress.errors++;
        problems.push({
          level: 'warning',
          message: `account ${accountId}: VPC endpoints in ${regions[i]} not read (${result.kind === 'unknown' ? result.reason : 'no answer'}); endpoint ids in bucket policies cannot be checked`,
        });
      }
    });
  }

  const pab = await accountPab;
  const document: SnapshotDocument = {
    s3lintSnapshot: 1,
    ...(options.generatedBy !== undefined ? { generatedBy: options.generatedBy } : {}),
    generatedAt: new Date().toISOString(),
    accounts: [pab === undefined ? { id: accountId } : { id: accountId, publicAccessBlock: pab }],
    buckets,
    vpcEndpoints,
  };
  return { accountId, partition, document, problems, unknowns };
}

/** One bucket: its region, then every wanted section in that region. Undefined when outside --regions. */
async function auditBucket(
  clients: AwsClients,
  listed: ListedBucket,
  accountId: string,
  wanted: ReadonlySet<BucketSection>,
  options: AccountAuditOptions,
  countSection: (failure: UnknownCategory | undefined) => void,
): Promise<SnapshotBucket | undefined> {
  const bucket: SnapshotBucket = { name: listed.name, account: accountId };
  let region = listed.region;
  if (region === undefined) {
    const location = await collectBucketRegion(clients, options.homeRegion, listed.name);
    if (location.kind === 'configured') region = location.value;
    else countSection(location.kind === 'unknown' ? location.category : 'error');
  }
  if (region !== undefined) {
    if (options.regions !== undefined && !options.regions.includes(region)) return undefined;
    bucket.region = region;
  }
  // Without a known region the home-region client is used; S3 redirects are followed (followRegionRedirects).
  const callRegion = region ?? options.homeRegion;
  const run = <T>(fn: (client: S3Client) => Promise<T>): Promise<T> => clients.with('s3', callRegion, fn);
  await Promise.all(
    [...wanted].map(async (section) => {
      const result =
        section === 'keySample'
          ? options.keySample === false
            ? undefined
            : await collectKeySample(run, listed.name, options.keySample)
          : await run((client) => collectSetting(section, client, listed.name));
      if (result === undefined) return;
      bucket[section] = result.section;
      countSection(result.failure);
    }),
  );
  return orderSections(bucket);
}

/** Same key order for every bucket, whatever order the calls finished in (stable --save output). */
function orderSections(bucket: SnapshotBucket): SnapshotBucket {
  const out: SnapshotBucket = { name: bucket.name };
  if (bucket.account !== undefined) out.account = bucket.account;
  if (bucket.region !== undefined) out.region = bucket.region;
  for (const s of BUCKET_SECTIONS) if (bucket[s] !== undefined) out[s] = bucket[s];
  return out;
}
