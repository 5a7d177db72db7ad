/** Cross-bucket lookups by name, shared by the logging, encryption and replication rules. */
import type { Bucket, Estate, JsonValue } from '../../src/model/index.js';
import { LOG_DELIVERY } from './acl.js';

/** The buckets of the estate with this name (several when one bucket is described by several sources). */
export function bucketsNamed(estate: Estate, name: string): Bucket[] {
  return estate.buckets.filter((b) => b.name.known && b.name.value === name);
}

/** Names of buckets that receive server access logs from another bucket of the estate. */
export function accessLogTargetNames(estate: Estate): Set<string> {
  const out = new Set<string>();
  for (const b of estate.buckets) {
    const logging = b.logging;
    if (!logging.known || logging.value === null) continue;
    const target = logging.value.targetBucket;
    if (!target.known) continue;
    if (b.name.known && b.name.value === target.value) continue;
    out.add(target.value);
  }
  return out;
}

/** The source buckets (by label) that log into `name`. */
export function bucketsLoggingInto(estate: Estate, name: string): Bucket[] {
  return estate.buckets.filter((b) => {
    const logging = b.logging;
    return logging.known && logging.value !== null && logging.value.targetBucket.known && logging.value.targetBucket.value === name && !(b.name.known && b.name.value === name);
  });
}

const LOGGING_SERVICE = 'logging.s3.amazonaws.com';

function listOf(x: JsonValue | undefined): JsonValue[] {
  return Array.isArray(x) ? x : x === undefined ? [] : [x];
}

/** A bucket policy statement that allows the S3 log delivery service principal to write. */
function policyAllowsLogDelivery(bucket: Bucket): boolean {
  const policy = bucket.policy;
  if (!policy.known || policy.value === null) return false;
  const doc = policy.value.json;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  return listOf(doc.Statement).some((st) => {
    if (typeof st !== 'object' || st === null || Array.isArray(st) || st.Effect !== 'Allow') return false;
    const principal = st.Principal;
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return false;
    return listOf(principal.Service).some((s) => typeof s === 'string' && s.toLowerCase() === LOGGING_SERVICE);
  });
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
