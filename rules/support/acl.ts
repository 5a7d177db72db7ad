/**
 * ACL semantics shared by the ACL, ownership and website rules (s3-semantics.md §2.1, §7):
 * which grants are public, whether ACLs are disabled, whether IgnorePublicAcls neutralises them.
 */
import type { AclGrant, Bucket, Estate, Provenance } from '../../src/model/index.js';
import { accountFlag, accountFor, flagAt, or, type Tri } from '../../src/engine/rule-helpers.js';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** Canned ACLs that grant to AllUsers or AuthenticatedUsers, with what they grant. */
export const PUBLIC_CANNED: Record<string, { group: string; permissions: string[] }> = {
  'public-read': { group: 'AllUsers', permissions: ['READ'] },
  'public-read-write': { group: 'AllUsers', permissions: ['READ', 'WRITE'] },
  'authenticated-read': { group: 'AuthenticatedUsers (any AWS account)', permissions: ['READ'] },
};

const WRITE_PERMISSIONS = new Set(['WRITE', 'WRITE_ACP', 'FULL_CONTROL']);

export function publicGroupOf(grant: AclGrant): string | undefined {
  if (grant.grantee.type !== 'Group' || grant.grantee.uri === undefined) return undefined;
  // Group URIs are compared without scheme differences (http/https both appear in the wild).
  const uri = grant.grantee.uri.replace(/^https:/, 'http:');
  if (uri === ALL_USERS) return 'AllUsers';
  if (uri === AUTHENTICATED_USERS) return 'AuthenticatedUsers (any AWS account)';
  return undefined;
}

export function grantsWrite(permissions: readonly string[]): boolean {
  return permissions.some((p) => WRITE_PERMISSIONS.has(p));
}

export interface PublicAclEntry {
  path: string;
  at: Provenance;
  /** "canned ACL public-read" or "grant of READ to AllUsers". */
  what: string;
  /** Permissions granted; empty when the permission is unknown (still public: any permission is). */
  permissions: string[];
  canned?: string;
}

export type AclScan =
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string; at: Provenance; path: string }
  | { kind: 'public'; entries: PublicAclEntry[]; unknowns: { reason: string; at: Provenance; path: string }[] };

/** The public parts of a bucket's ACL. Unknown parts are returned separately: they are never a pass. */
export function scanAcl(bucket: Bucket): AclScan {
  const acl = bucket.acl;
  if (!acl.known) return { kind: 'unknown', reason: acl.reason, at: acl.at, path: 'acl' };
  if (acl.value === null) return { kind: 'none' };
  const entries: PublicAclEntry[] = [];
  const unknowns: { reason: string; at: Provenance; path: string }[] = [];
  const canned = acl.value.canned;
  if (canned) {
    if (!canned.known) unknowns.push({ reason: canned.reason, at: canned.at, path: 'acl.canned' });
    else {
      const pub = PUBLIC_CANNED[canned.value];
      if (pub) entries.push({ path: 'acl.canned', at: canned.at, what: `canned ACL ${canned.value} (${pub.permissions.join(' and ')} to ${pub.group})`, permissions: pub.permissions, canned: canned.value });
    }
  }
  const grants = acl.value.grants;
  if (grants) {
    if (!grants.known) unknowns.push({ reason: grants.reason, at: grants.at, path: 'acl.grants' });
    else {
      grants.value.forEach((g, i) => {
        const group = publicGroupOf(g);
        if (!group) return;
        const permissions = g.permission.known ? [g.permission.value] : [];
        const permText = g.permission.known ? g.permission.value : 'a permission that could not be determined';
        entries.push({ path: `acl.grants[${i}]`, at: g.at, what: `grant of ${permText} to ${group}`, permissions });
      });
    }
  }
  if (entries.length === 0 && unknowns.length === 0) return { kind: 'none' };
  return { kind: 'public', entries, unknowns };
}

/** How object ownership decides whether ACLs take effect. */
export type OwnershipState =
  | { kind: 'enforced'; at: Provenance }
  | { kind: 'acls-enabled'; value: 'ObjectWriter' | 'BucketOwnerPreferred'; at: Provenance }
  /** Not configured: BucketOwnerEnforced on buckets created since April 2023, ObjectWriter on older ones. */
  | { kind: 'default'; at: Provenance }
  | { kind: 'unknown'; reason: string; at: Provenance };

export function ownershipState(bucket: Bucket): OwnershipState {
  const o = bucket.ownership;
  if (!o.known) return { kind: 'unknown', reason: o.reason, at: o.at };
  if (o.value === null) return { kind: 'default', at: bucket.at };
  const v = o.value.objectOwnership;
  if (!v.known) return { kind: 'unknown', reason: v.reason, at: v.at };
  return v.value === 'BucketOwnerEnforced' ? { kind: 'enforced', at: v.at } : { kind: 'acls-enabled', value: v.value, at: v.at };
}

/** IgnorePublicAcls at bucket OR account/organization level. */
export function ignorePublicAcls(estate: Estate, bucket: Bucket): { value: Tri; level?: 'bucket' | 'account'; assumedAccount: boolean } {
  const match = accountFor(estate, bucket);
  const atBucket = flagAt(bucket.publicAccessBlock, 'ignorePublicAcls');
  const atAccount = accountFlag(match?.account, 'ignorePublicAcls');
  const value = or(atBucket, atAccount);
  const out: { value: Tri; level?: 'bucket' | 'account'; assumedAccount: boolean } = { value, assumedAccount: match?.assumed ?? false };
  if (atBucket === true) out.level = 'bucket';
  else if (atAccount === true) out.level = 'account';
  return out;
}

/** BlockPublicAcls at bucket OR account/organization level: S3 rejects new public ACLs (existing ones stay). */
export function blockPublicAcls(estate: Estate, bucket: Bucket): Tri {
  const match = accountFor(estate, bucket);
  return or(flagAt(bucket.publicAccessBlock, 'blockPublicAcls'), accountFlag(match?.account, 'blockPublicAcls'));
}
