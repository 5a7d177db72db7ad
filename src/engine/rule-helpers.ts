/** Small helpers shared by rules; nothing here knows about sources. */
import type { Account, Bucket, Estate, PublicAccessBlock, PublicAccessBlockFlag, Value } from '../model/index.js';
import type { FindingInput } from './rule.js';

export function bucketResource(bucket: Bucket): FindingInput['resource'] {
  return bucket.name.known
    ? { kind: 'bucket', address: bucket.address, name: bucket.name.value }
    : { kind: 'bucket', address: bucket.address };
}

/** How a bucket is named in messages: its name when known, else its address. */
export function bucketLabel(bucket: Bucket): string {
  return bucket.name.known ? `"${bucket.name.value}"` : bucket.address;
}

export function accountResource(account: Account): FindingInput['resource'] {
  return account.id.known ? { kind: 'account', address: account.address, name: account.id.value } : { kind: 'account', address: account.address };
}

/** Buckets that can carry the setting: S3 Express directory buckets have fixed BPA/ACL settings. */
export function generalPurposeBuckets(estate: Estate): Bucket[] {
  return estate.buckets.filter((b) => !b.directory);
}

export interface AccountMatch {
  account: Account;
  /** True when the bucket's account is not known and the estate's only account was assumed. */
  assumed: boolean;
}

/** The account-level settings that apply to a bucket, when the estate has them. */
export function accountFor(estate: Estate, bucket: Bucket): AccountMatch | undefined {
  if (bucket.account?.known) {
    const id = bucket.account.value;
    const match = estate.accounts.find((a) => a.id.known && a.id.value === id);
    return match ? { account: match, assumed: false } : undefined;
  }
  const only = estate.accounts.length === 1 ? estate.accounts[0] : undefined;
  return only ? { account: only, assumed: true } : undefined;
}

export type Tri = true | false | 'unknown';

/** One Block Public Access flag at one level: true, false (absent configuration = false) or unknown. */
export function flagAt(pab: Value<PublicAccessBlock | null> | undefined, flag: PublicAccessBlockFlag): Tri {
  if (pab === undefined) return false;
  if (!pab.known) return 'unknown';
  if (pab.value === null) return false;
  const v = pab.value[flag];
  return v.known ? v.value : 'unknown';
}

/** The account level of a flag, including an organization S3 policy that enforces "all". */
export function accountFlag(account: Account | undefined, flag: PublicAccessBlockFlag): Tri {
  if (!account) return false;
  const org = account.organizationPublicAccessBlock;
  if (org?.known && org.value === 'all') return true;
  const own = flagAt(account.publicAccessBlock, flag);
  if (own === true) return true;
  if (own === 'unknown' || (org !== undefined && !org.known)) return 'unknown';
  return false;
}

export function or(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return false;
}

export const FLAG_LABELS: Record<PublicAccessBlockFlag, string> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};

export function unknownReasons(...values: (Value<unknown> | undefined)[]): string {
  return values
    .filter((v): v is Extract<Value<unknown>, { known: false }> => v !== undefined && !v.known)
    .map((v) => v.reason)
    .join('; ');
}
