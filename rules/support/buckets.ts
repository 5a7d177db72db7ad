/** Cross-bucket lookups by name, shared by the logging, encryption and replication rules. */
import type { Bucket, Estate } from '../../src/model/index.js';
import { normalizePolicy } from '../../src/policy/index.js';
import { LOG_DELIVERY } from './acl.js';

interface BucketIndex {
  byName: Map<string, Bucket[]>;
  /** Target bucket name → the other buckets that deliver their server access logs to it. */
  byLogTarget: Map<string, Bucket[]>;
}

// Rules ask per bucket; indexing once per estate keeps them linear in the number of buckets.
const indexes = new WeakMap<Estate, BucketIndex>();

function push(map: Map<string, Bucket[]>, key: string, bucket: Bucket): void {
  const list = map.get(key);
  if (list) list.push(bucket);
  else map.set(key, [bucket]);
}

function indexOf(estate: Estate): BucketIndex {
  let index = indexes.get(estate);
  if (index) return index;
  index = { byName: new Map(), byLogTarget: new Map() };
  for (const b of estate.buckets) {
    if (b.name.known) push(index.byName, b.name.value, b);
    const logging = b.logging;
    if (!logging.known || logging.value === null || !logging.value.targetBucket.known) continue;
    const target = logging.value.targetBucket.value;
    if (b.name.known && b.name.value === target) continue;
    push(index.byLogTarget, target, b);
  }
  indexes.set(estate, index);
  return index;
}

/** The buckets of the estate with this name (several when one bucket is described by several sources). */
export function bucketsNamed(estate: Estate, name: string): Bucket[] {
  return indexOf(estate).byName.get(name) ?? [];
}

/** Names of buckets that receive server access logs from another bucket of the estate. */
export function accessLogTargetNames(estate: Estate): Set<string> {
  return new Set(indexOf(estate).byLogTarget.keys());
}

/** The source buckets (by label) that log into `name`. */
export function bucketsLoggingInto(estate: Estate, name: string): Bucket[] {
  return indexOf(estate).byLogTarget.get(name) ?? [];
}

const LOGGING_SERVICE = 'logging.s3.amazonaws.com';

/** A bucket policy statement that allows the S3 log delivery service principal to write. */
function policyAllowsLogDelivery(bucket: Bucket): boolean {
  const policy = bucket.policy;
  if (!policy.known || policy.value === null) return false;
  return normalizePolicy(policy.value.json).statements.some(
    (st) =>
      st.effect === 'Allow' &&
      st.principal !== undefined &&
      !st.principal.negated &&
      st.principal.terms.some((p) => p.type === 'Service' && p.term.kind === 'literal' && p.term.text.toLowerCase() === LOGGING_SERVICE),
  );
}

/** An ACL that lets the LogDelivery group write (the legacy way to receive server access logs). */
export function aclAllowsLogDelivery(bucket: Bucket): boolean {
  const acl = bucket.acl;
  if (!acl.known || acl.value === null) return false;
  if (acl.value.canned?.known && acl.value.canned.value === 'log-delivery-write') return true;
  const grants = acl.value.grants;
  return grants?.known === true && grants.value.some((g) => g.grantee.uri?.replace(/^https:/, 'http:') === LOG_DELIVERY && (!g.permission.known || g.permission.value === 'WRITE' || g.permission.value === 'FULL_CONTROL'));
}

/**
 * Why the bucket is a server-access-log target, or undefined: another bucket of the scan logs into it, its ACL
 * lets the LogDelivery group write, or its policy lets logging.s3.amazonaws.com write.
 */
export function accessLogTargetReason(estate: Estate, bucket: Bucket): string | undefined {
  if (bucket.name.known && bucketsLoggingInto(estate, bucket.name.value).length > 0) return 'another bucket in the scan delivers its server access logs to it';
  if (aclAllowsLogDelivery(bucket)) return 'its ACL lets the LogDelivery group write server access logs';
  if (policyAllowsLogDelivery(bucket)) return 'its bucket policy lets logging.s3.amazonaws.com write server access logs';
  return undefined;
}
