/**
 * Effective Block Public Access for a bucket (s3-semantics.md §1.2): per flag, the OR of the bucket level,
 * the account level and the organization S3 policy ("all" turns on all four).
 */
import type { AccessPoint, Account, Bucket, Estate, Provenance, PublicAccessBlockFlag, Value } from '../model/index.js';

export interface FlagSource {
  level: 'access-point' | 'bucket' | 'account' | 'organization';
  at: Provenance;
}

export interface EffectiveFlag {
  /** 'unknown' when no level is known true and at least one level could not be read. */
  value: boolean | 'unknown';
  /** Levels where the flag is on. */
  onAt: FlagSource[];
  unknownReasons: string[];
}

/** The accounts whose settings apply to the bucket: same id, or the estate's only account when the bucket's is not known. */
export function accountsOf(estate: Estate, bucket: Bucket): Account[] {
  const id = bucket.account?.known ? bucket.account.value : undefined;
  if (id !== undefined) return estate.accounts.filter((a) => a.id.known && a.id.value === id);
  return estate.accounts.length === 1 ? estate.accounts : [];
}

function flagOf(
  pab: Value<{ at: Provenance } & Record<PublicAccessBlockFlag, Value<boolean>> | null>,
  flag: PublicAccessBlockFlag,
): { on: boolean; at?: Provenance; unknown?: string } {
  if (!pab.known) return { on: false, unknown: pab.reason };
  if (pab.value === null) return { on: false };
  const v = pab.value[flag];
  if (!v.known) return { on: false, unknown: v.reason };
  return v.value ? { on: true, at: v.at } : { on: false };
}

export function effectiveFlag(estate: Estate, bucket: Bucket, flag: PublicAccessBlockFlag): EffectiveFlag {
  const out: EffectiveFlag = { value: false, onAt: [], unknownReasons: [] };
  const add = (level: FlagSource['level'], r: { on: boolean; at?: Provenance; unknown?: string }): void => {
    if (r.on && r.at) out.onAt.push({ level, at: r.at });
    if (r.unknown !== undefined) out.unknownReasons.push(`${level} level: ${r.unknown}`);
  };
  add('bucket', flagOf(bucket.publicAccessBlock, flag));
  for (const account of accountsOf(estate, bucket)) {
    add('account', flagOf(account.publicAccessBlock, flag));
    const org = account.organizationPublicAccessBlock;
    if (org) {
      if (!org.known) out.unknownReasons.push(`organization level: ${org.reason}`);
      else if (org.value === 'all') out.onAt.push({ level: 'organization', at: org.at });
    }
  }
  out.value = out.onAt.length > 0 ? true : out.unknownReasons.length > 0 ? 'unknown' : false;
  return out;
}

export interface PublicPolicyNeutralisation {
  /** True when RestrictPublicBuckets or BlockPublicPolicy is on at some level; 'unknown' when it may be. */
  neutralised: boolean | 'unknown';
  /** The flag that does it: RestrictPublicBuckets takes effect on an existing policy, BlockPublicPolicy at put time. */
  by?: 'restrictPublicBuckets' | 'blockPublicPolicy';
  restrictPublicBuckets: EffectiveFlag;
  blockPublicPolicy: EffectiveFlag;
}

/** Whether Block Public Access takes a public bucket policy's effect away (s3-semantics.md §1.1–1.2). */
export function publicPolicyNeutralisation(estate: Estate, bucket: Bucket): PublicPolicyNeutralisation {
  const restrictPublicBuckets = effectiveFlag(estate, bucket, 'restrictPublicBuckets');
  const blockPublicPolicy = effectiveFlag(estate, bucket, 'blockPublicPolicy');
  const base = { restrictPublicBuckets, blockPublicPolicy };
  if (restrictPublicBuckets.value === true) return { ...base, neutralised: true, by: 'restrictPublicBuckets' };
  if (blockPublicPolicy.value === true) return { ...base, neutralised: true, by: 'blockPublicPolicy' };
  if (restrictPublicBuckets.value === 'unknown' || blockPublicPolicy.value === 'unknown') return { ...base, neutralised: 'unknown' };
  return { ...base, neutralised: false };
}

/** The bucket an access point belongs to, when the estate has it. */
export function bucketOfAccessPoint(estate: Estate, ap: AccessPoint): Bucket | undefined {
  if (!ap.bucket.known) return undefined;
  const name = ap.bucket.value;
  return estate.buckets.find((b) => (b.name.known && b.name.value === name) || b.address === name);
}

function withAccessPoint(ap: AccessPoint, f: EffectiveFlag, flag: PublicAccessBlockFlag): EffectiveFlag {
  const own = flagOf(ap.publicAccessBlock, flag);
  const out: EffectiveFlag = { value: f.value, onAt: [...f.onAt], unknownReasons: [...f.unknownReasons] };
  if (own.on && own.at) out.onAt.unshift({ level: 'access-point', at: own.at });
  if (own.unknown !== undefined) out.unknownReasons.push(`access point level: ${own.unknown}`);
  out.value = out.onAt.length > 0 ? true : out.unknownReasons.length > 0 ? 'unknown' : false;
  return out;
}

/**
 * Whether Block Public Access takes a public access point policy's effect away: the access point's own
 * settings (all on by default, fixed at creation) OR the bucket's and account's (s3-semantics.md §1.2).
 */
export function accessPointPolicyNeutralisation(estate: Estate, ap: AccessPoint): PublicPolicyNeutralisation {
  const bucket = bucketOfAccessPoint(estate, ap);
  const base = (flag: PublicAccessBlockFlag): EffectiveFlag => {
    if (bucket) return effectiveFlag(estate, bucket, flag);
    const none: EffectiveFlag = { value: false, onAt: [], unknownReasons: [] };
    return none;
  };
  const restrictPublicBuckets = withAccessPoint(ap, base('restrictPublicBuckets'), 'restrictPublicBuckets');
  const blockPublicPolicy = withAccessPoint(ap, base('blockPublicPolicy'), 'blockPublicPolicy');
  const out = { restrictPublicBuckets, blockPublicPolicy };
  if (restrictPublicBuckets.value === true) return { ...out, neutralised: true, by: 'restrictPublicBuckets' };
  if (blockPublicPolicy.value === true) return { ...out, neutralised: true, by: 'blockPublicPolicy' };
  if (restrictPublicBuckets.value === 'unknown' || blockPublicPolicy.value === 'unknown') return { ...out, neutralised: 'unknown' };
  return { ...out, neutralised: false };
}
