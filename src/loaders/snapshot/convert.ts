/**
 * Snapshot document (AWS API response shapes, see docs/snapshot-format.md) → model.
 * Shared by the snapshot loader (locations are JSON ranges) and the live audit (locations are API calls):
 * the caller supplies `locate(pointer)`.
 */
import type {
  Account,
  Acl,
  AclGrant,
  Bucket,
  EncryptionRule,
  Estate,
  KeyLayoutEvidence,
  Lifecycle,
  LifecycleFilter,
  LifecycleRule,
  LifecycleTransition,
  Logging,
  ObjectLock,
  ObjectOwnership,
  PolicyDocument,
  Provenance,
  PublicAccessBlock,
  Replication,
  ReplicationRule,
  VpcEndpoint,
  AccessPoint,
  JsonValue,
  Value,
  Website,
  Versioning,
  Notification,
} from '../../model/index.js';
import { emptyEstate, known, unknown, unknownMarker } from '../../model/index.js';
import { excessiveNestingOffset, joinPointer, MAX_NESTING_DEPTH } from '../json-source.js';

export type Locator = (pointer: string) => Provenance;

/** Section-level unknown in a snapshot: `{ "$unknown": "reason" }`. */
export const SNAPSHOT_UNKNOWN = '$unknown';

type Obj = { [k: string]: JsonValue };

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function snapshotUnknownReason(x: unknown): string | undefined {
  if (isObj(x) && typeof x[SNAPSHOT_UNKNOWN] === 'string') return x[SNAPSHOT_UNKNOWN] as string;
  return undefined;
}

export interface ConvertOptions {
  /** How a whole section that is missing from a bucket object is described. */
  missingReason?: string;
  /** Fill PolicyDocument.locations with every node of the policy (snapshot files; not for live audits). */
  policyLocations?: boolean;
}

export function convertSnapshot(doc: Obj, locate: Locator, options: ConvertOptions = {}): Estate {
  const estate = emptyEstate();
  const missingReason = options.missingReason ?? 'not recorded in the snapshot';
  const ctx: Ctx = { locate, missingReason, policyLocations: options.policyLocations ?? false };
  arrayOf(doc.accounts).forEach((a, i) => isObj(a) && estate.accounts.push(toAccount(a, `/accounts/${i}`, ctx)));
  arrayOf(doc.buckets).forEach((b, i) => isObj(b) && estate.buckets.push(toBucket(b, `/buckets/${i}`, ctx)));
  arrayOf(doc.vpcEndpoints).forEach((e, i) => isObj(e) && estate.vpcEndpoints.push(toVpcEndpoint(e, `/vpcEndpoints/${i}`, ctx)));
  arrayOf(doc.accessPoints).forEach((p, i) => isObj(p) && estate.accessPoints.push(toAccessPoint(p, `/accessPoints/${i}`, ctx)));
  return estate;
}

interface Ctx {
  locate: Locator;
  missingReason: string;
  policyLocations: boolean;
}

function arrayOf(x: JsonValue | undefined): JsonValue[] {
  return Array.isArray(x) ? x : [];
}

/**
 * A top-level section: missing → unknown; `$unknown` → unknown with its reason; null → known null
 * (not configured); otherwise converted.
 */
function section<T>(
  owner: Obj,
  key: string,
  ownerPointer: string,
  ownerAt: Provenance,
  ctx: Ctx,
  convert: (v: JsonValue, pointer: string) => T | null,
): Value<T | null> {
  const pointer = joinPointer(ownerPointer, key);
  if (!(key in owner)) return unknown(`${key}: ${ctx.missingReason}`, ownerAt);
  const raw = owner[key] as JsonValue;
  const reason = snapshotUnknownReason(raw);
  if (reason !== undefined) return unknown(reason, ctx.locate(pointer));
  if (raw === null) return known(null, ctx.locate(pointer));
  return known(convert(raw, pointer), ctx.locate(pointer));
}

function scalar<T extends JsonValue>(
  obj: Obj,
  key: string,
  pointer: string,
  ctx: Ctx,
  check: (v: JsonValue) => v is T,
): Value<T> | undefined {
  if (!(key in obj)) return undefined;
  const p = joinPointer(pointer, key);
  const raw = obj[key] as JsonValue;
  const reason = snapshotUnknownReason(raw);
  if (reason !== undefined) return unknown(reason, ctx.locate(p));
  if (!check(raw)) return unknown(`${key} has an unexpected value ${JSON.stringify(raw)}`, ctx.locate(p));
  return known(raw, ctx.locate(p));
}

const isStr = (v: JsonValue): v is string => typeof v === 'string';
const isBool = (v: JsonValue): v is boolean => typeof v === 'boolean';
const isNum = (v: JsonValue): v is number => typeof v === 'number';
const isNumLike = (v: JsonValue): v is number | string => typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v));

function str(obj: Obj, key: string, pointer: string, ctx: Ctx): Value<string> | undefined {
  return scalar(obj, key, pointer, ctx, isStr);
}
function bool(obj: Obj, key: string, pointer: string, ctx: Ctx): Value<boolean> | undefined {
  return scalar(obj, key, pointer, ctx, isBool);
}
function num(obj: Obj, key: string, pointer: string, ctx: Ctx): Value<number> | undefined {
  const v = scalar(obj, key, pointer, ctx, isNumLike);
  if (v === undefined || !v.known) return v as Value<number> | undefined;
  return known(Number(v.value), v.at);
}
function oneOf<T extends string>(v: Value<string> | undefined, allowed: readonly T[], label: string): Value<T> | undefined {
  if (v === undefined || !v.known) return v as Value<T> | undefined;
  if ((allowed as readonly string[]).includes(v.value)) return v as Value<T>;
  return unknown(`${label} "${v.value}" is not one of ${allowed.join(', ')}`, v.at);
}
function child(obj: Obj, key: string): Obj | undefined {
  const v = obj[key];
  return isObj(v) ? v : undefined;
}

function publicAccessBlock(raw: JsonValue, pointer: string, ctx: Ctx): PublicAccessBlock | null {
  if (!isObj(raw)) return null;
  const at = ctx.locate(pointer);
  // PutPublicAccessBlock replaces the whole configuration: an omitted flag reads back as false.
  const flag = (key: string): Value<boolean> => bool(raw, key, pointer, ctx) ?? known(false, at, true);
  return {
    at,
    blockPublicAcls: flag('BlockPublicAcls'),
    ignorePublicAcls: flag('IgnorePublicAcls'),
    blockPublicPolicy: flag('BlockPublicPolicy'),
    restrictPublicBuckets: flag('RestrictPublicBuckets'),
  };
}

function toAccount(a: Obj, pointer: string, ctx: Ctx): Account {
  const at = ctx.locate(joinPointer(pointer, 'id'));
  const id = str(a, 'id', pointer, ctx) ?? unknown('account id not recorded', at);
  const account: Account = {
    address: `account:${id.known ? id.value : pointer}`,
    id,
    at,
    publicAccessBlock: section(a, 'publicAccessBlock', pointer, at, ctx, (v, p) => publicAccessBlock(v, p, ctx)),
  };
  if ('organizationPublicAccessBlock' in a) {
    account.organizationPublicAccessBlock = section(a, 'organizationPublicAccessBlock', pointer, at, ctx, (v) =>
      v === 'all' || v === 'none' ? v : null,
    );
  }
  return account;
}

/** Replace snapshot `$unknown` objects inside a policy with the model's unknown marker. */
function normalizePolicyJson(x: JsonValue): JsonValue {
  const reason = snapshotUnknownReason(x);
  if (reason !== undefined) return unknownMarker(reason) as unknown as JsonValue;
  if (Array.isArray(x)) return x.map(normalizePolicyJson);
  if (isObj(x)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(x)) Object.defineProperty(out, k, { value: normalizePolicyJson(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return x;
}

function policyDocument(raw: JsonValue, pointer: string, ctx: Ctx): PolicyDocument {
  const at = ctx.locate(pointer);
  let json: JsonValue = raw;
  if (typeof raw === 'string') {
    try {
      json =
        excessiveNestingOffset(raw) === -1
          ? (JSON.parse(raw) as JsonValue)
          : (unknownMarker(`the policy nests more than ${MAX_NESTING_DEPTH} levels deep`) as unknown as JsonValue);
    } catch {
      json = unknownMarker('the policy is not valid JSON') as unknown as JsonValue;
    }
    return { json: normalizePolicyJson(json), at };
  }
  const doc: PolicyDocument = { json: normalizePolicyJson(json), at };
  if (ctx.policyLocations) {
    const locations: Record<string, Provenance> = {};
    const walk = (v: JsonValue, rel: string): void => {
      locations[rel] = ctx.locate(pointer + rel);
      if (Array.isArray(v)) v.forEach((c, i) => walk(c, joinPointer(rel, i)));
      else if (isObj(v)) for (const [k, c] of Object.entries(v)) walk(c, joinPointer(rel, k));
    };
    walk(json, '');
    doc.locations = locations;
  }
  return doc;
}

const CANNED_ACLS = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control', 'log-delivery-write'];
const PERMISSIONS = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'] as const;

function acl(raw: JsonValue, pointer: string, ctx: Ctx): Acl | null {
  if (!isObj(raw)) return null;
  const out: Acl = { at: ctx.locate(pointer) };
  const canned = str(raw, 'Canned', pointer, ctx);
  if (canned) out.canned = oneOf(canned, CANNED_ACLS, 'canned ACL');
  if ('Grants' in raw) {
    const gp = joinPointer(pointer, 'Grants');
    const reason = snapshotUnknownReason(raw.Grants);
    if (reason !== undefined) out.grants = unknown(reason, ctx.locate(gp));
    else {
      const grants: AclGrant[] = [];
      arrayOf(raw.Grants).forEach((g, i) => {
        if (!isObj(g)) return;
        const p = joinPointer(gp, i);
        const grantee = child(g, 'Grantee') ?? {};
        const type = grantee.Type === 'Group' || grantee.Type === 'AmazonCustomerByEmail' ? grantee.Type : 'CanonicalUser';
        const entry: AclGrant = {
          at: ctx.locate(p),
          grantee: { type },
          permission: oneOf(str(g, 'Permission', p, ctx), PERMISSIONS, 'ACL permission') ?? unknown('grant has no Permission', ctx.locate(p)),
        };
        if (typeof grantee.URI === 'string') entry.grantee.uri = grantee.URI;
        if (typeof grantee.ID === 'string') entry.grantee.id = grantee.ID;
        if (typeof grantee.EmailAddress === 'string') entry.grantee.email = grantee.EmailAddress;
        grants.push(entry);
      });
      out.grants = known(grants, ctx.locate(gp));
    }
  }
  return out;
}

const OWNERSHIPS = ['ObjectWriter', 'BucketOwnerPreferred', 'BucketOwnerEnforced'] as const;

function ownership(raw: JsonValue, pointer: string, ctx: Ctx): { at: Provenance; objectOwnership: Value<ObjectOwnership> } | null {
  if (!isObj(raw)) return null;
  const rules = arrayOf(raw.Rules);
  const first = rules[0];
  if (!isObj(first)) return null;
  const p = joinPointer(pointer, 'Rules', 0);
  return {
    at: ctx.locate(pointer),
    objectOwnership: oneOf(str(first, 'ObjectOwnership', p, ctx), OWNERSHIPS, 'object ownership') ?? unknown('ObjectOwnership missing', ctx.locate(p)),
  };
}

function transitions(list: JsonValue | undefined, pointer: string, ctx: Ctx, daysKey: string): LifecycleTransition[] {
  return arrayOf(list).flatMap((t, i) => {
    if (!isObj(t)) return [];
    const p = joinPointer(pointer, i);
    const out: LifecycleTransition = {
      at: ctx.locate(p),
      storageClass: str(t, 'StorageClass', p, ctx) ?? unknown('StorageClass missing', ctx.locate(p)),
    };
    const days = num(t, daysKey, p, ctx);
    if (days) out.days = days;
    const date = str(t, 'Date', p, ctx);
    if (date) out.date = date;
    return [out];
  });
}

function lifecycleFilter(rule: Obj, rulePointer: string, ctx: Ctx): LifecycleFilter {
  const filter: LifecycleFilter = {};
  const v1Prefix = str(rule, 'Prefix', rulePointer, ctx);
  if (v1Prefix) filter.prefix = v1Prefix;
  const f = child(rule, 'Filter');
  if (!f) return filter;
  const fp = joinPointer(rulePointer, 'Filter');
  filter.at = ctx.locate(fp);
  const and = child(f, 'And');
  const scope = and ?? f;
  const sp = and ? joinPointer(fp, 'And') : fp;
  const prefix = str(scope, 'Prefix', sp, ctx);
  if (prefix) filter.prefix = prefix;
  const gt = num(scope, 'ObjectSizeGreaterThan', sp, ctx);
  if (gt) filter.objectSizeGreaterThan = gt;
  const lt = num(scope, 'ObjectSizeLessThan', sp, ctx);
  if (lt) filter.objectSizeLessThan = lt;
  const tags: Record<string, string> = {};
  let tagAt: Provenance | undefined;
  const tag = child(f, 'Tag');
  if (tag && typeof tag.Key === 'string') {
    tags[tag.Key] = String(tag.Value ?? '');
    tagAt = ctx.locate(joinPointer(fp, 'Tag'));
  }
  if (and && Array.isArray(and.Tags)) {
    for (const t of and.Tags) if (isObj(t) && typeof t.Key === 'string') tags[t.Key] = String(t.Value ?? '');
    if (and.Tags.length > 0) tagAt = ctx.locate(joinPointer(sp, 'Tags'));
  }
  if (tagAt) filter.tags = known(tags, tagAt);
  return filter;
}

function lifecycleRule(r: Obj, p: string, ctx: Ctx): LifecycleRule {
  const at = ctx.locate(p);
  const rule: LifecycleRule = {
    at,
    status: oneOf(str(r, 'Status', p, ctx), ['Enabled', 'Disabled'] as const, 'lifecycle rule status') ?? unknown('Status missing', at),
    filter: lifecycleFilter(r, p, ctx),
    transitions: transitions(r.Transitions ?? (isObj(r.Transition) ? [r.Transition] : undefined), joinPointer(p, 'Transitions'), ctx, 'Days'),
    noncurrentVersionTransitions: transitions(r.NoncurrentVersionTransitions, joinPointer(p, 'NoncurrentVersionTransitions'), ctx, 'NoncurrentDays'),
  };
  const id = str(r, 'ID', p, ctx);
  if (id) rule.id = id;
  const abort = child(r, 'AbortIncompleteMultipartUpload');
  if (abort) {
    const ap = joinPointer(p, 'AbortIncompleteMultipartUpload');
    rule.abortIncompleteMultipartUpload = {
      at: ctx.locate(ap),
      daysAfterInitiation: num(abort, 'DaysAfterInitiation', ap, ctx) ?? unknown('DaysAfterInitiation missing', ctx.locate(ap)),
    };
  }
  const exp = child(r, 'Expiration');
  if (exp) {
    const ep = joinPointer(p, 'Expiration');
    rule.expiration = { at: ctx.locate(ep) };
    const days = num(exp, 'Days', ep, ctx);
    if (days) rule.expiration.days = days;
    const date = str(exp, 'Date', ep, ctx);
    if (date) rule.expiration.date = date;
    const marker = bool(exp, 'ExpiredObjectDeleteMarker', ep, ctx);
    if (marker) rule.expiration.expiredObjectDeleteMarker = marker;
  }
  const nve = child(r, 'NoncurrentVersionExpiration');
  if (nve) {
    const np = joinPointer(p, 'NoncurrentVersionExpiration');
    rule.noncurrentVersionExpiration = { at: ctx.locate(np) };
    const days = num(nve, 'NoncurrentDays', np, ctx);
    if (days) rule.noncurrentVersionExpiration.days = days;
    const newer = num(nve, 'NewerNoncurrentVersions', np, ctx);
    if (newer) rule.noncurrentVersionExpiration.newerNoncurrentVersions = newer;
  }
  return rule;
}

function lifecycle(raw: JsonValue, pointer: string, ctx: Ctx): Lifecycle | null {
  if (!isObj(raw)) return null;
  const rp = joinPointer(pointer, 'Rules');
  const reason = snapshotUnknownReason(raw.Rules);
  const rules: Value<LifecycleRule[]> =
    reason !== undefined
      ? unknown(reason, ctx.locate(rp))
      : known(arrayOf(raw.Rules).flatMap((r, i) => (isObj(r) ? [lifecycleRule(r, joinPointer(rp, i), ctx)] : [])), ctx.locate(rp));
  const out: Lifecycle = { at: ctx.locate(pointer), rules };
  const minSize = str(raw, 'TransitionDefaultMinimumObjectSize', pointer, ctx);
  if (minSize) out.transitionDefaultMinimumObjectSize = minSize;
  return out;
}

function encryption(raw: JsonValue, pointer: string, ctx: Ctx): { at: Provenance; rules: EncryptionRule[] } | null {
  if (!isObj(raw)) return null;
  const rp = joinPointer(pointer, 'Rules');
  const rules = arrayOf(raw.Rules).flatMap((r, i): EncryptionRule[] => {
    if (!isObj(r)) return [];
    const p = joinPointer(rp, i);
    const at = ctx.locate(p);
    const byDefault = child(r, 'ApplyServerSideEncryptionByDefault') ?? {};
    const dp = joinPointer(p, 'ApplyServerSideEncryptionByDefault');
    const rule: EncryptionRule = {
      at,
      sseAlgorithm: str(byDefault, 'SSEAlgorithm', dp, ctx) ?? unknown('SSEAlgorithm missing', at),
      // "By default, S3 Bucket Key is not enabled" (CFNUG): absence reads as false.
      bucketKeyEnabled: bool(r, 'BucketKeyEnabled', p, ctx) ?? known(false, at, true),
    };
    const key = str(byDefault, 'KMSMasterKeyID', dp, ctx);
    if (key) rule.kmsMasterKeyId = key;
    const blocked = child(r, 'BlockedEncryptionTypes');
    if (blocked && Array.isArray(blocked.EncryptionType)) {
      rule.blockedEncryptionTypes = known(blocked.EncryptionType.filter(isStr), ctx.locate(joinPointer(p, 'BlockedEncryptionTypes')));
    }
    return [rule];
  });
  return { at: ctx.locate(pointer), rules };
}

function versioning(raw: JsonValue, pointer: string, ctx: Ctx): Versioning | null {
  if (!isObj(raw) || !('Status' in raw)) return null; // never enabled: the API returns an empty body
  const out: Versioning = {
    at: ctx.locate(pointer),
    status: oneOf(str(raw, 'Status', pointer, ctx), ['Enabled', 'Suspended', 'Disabled'] as const, 'versioning status')!,
  };
  // GetBucketVersioning leaves MFADelete out until it has been configured once: absent means Disabled.
  out.mfaDelete = oneOf(str(raw, 'MFADelete', pointer, ctx), ['Enabled', 'Disabled'] as const, 'MFADelete') ?? known('Disabled', out.at, true);
  return out;
}

function logging(raw: JsonValue, pointer: string, ctx: Ctx): Logging | null {
  if (!isObj(raw)) return null;
  const enabled = child(raw, 'LoggingEnabled');
  const body = enabled ?? raw;
  const p = enabled ? joinPointer(pointer, 'LoggingEnabled') : pointer;
  if (!('TargetBucket' in body)) return null;
  const at = ctx.locate(p);
  const out: Logging = { at, targetBucket: str(body, 'TargetBucket', p, ctx) ?? unknown('TargetBucket missing', at) };
  const prefix = str(body, 'TargetPrefix', p, ctx);
  if (prefix) out.targetPrefix = prefix;
  const format = child(body, 'TargetObjectKeyFormat');
  if (format) {
    const fp = joinPointer(p, 'TargetObjectKeyFormat');
    const partitioned = child(format, 'PartitionedPrefix');
    out.keyFormat = known(partitioned ? 'PartitionedPrefix' : 'SimplePrefix', ctx.locate(fp));
    if (partitioned) {
      const source = oneOf(str(partitioned, 'PartitionDateSource', joinPointer(fp, 'PartitionedPrefix'), ctx), ['EventTime', 'DeliveryTime'] as const, 'PartitionDateSource');
      out.partitionDateSource = source ?? known('EventTime', ctx.locate(fp), true);
    }
  }
  return out;
}

function website(raw: JsonValue, pointer: string, ctx: Ctx): Website | null {
  if (!isObj(raw) || Object.keys(raw).length === 0) return null;
  const out: Website = { at: ctx.locate(pointer) };
  const index = child(raw, 'IndexDocument');
  if (index) out.indexDocument = str(index, 'Suffix', joinPointer(pointer, 'IndexDocument'), ctx);
  const error = child(raw, 'ErrorDocument');
  if (error) out.errorDocument = str(error, 'Key', joinPointer(pointer, 'ErrorDocument'), ctx);
  const redirect = child(raw, 'RedirectAllRequestsTo');
  if (redirect) out.redirectAllRequestsTo = str(redirect, 'HostName', joinPointer(pointer, 'RedirectAllRequestsTo'), ctx);
  return out;
}

function bucketNameFromArn(arn: string): string {
  return arn.startsWith('arn:') ? arn.split(':::')[1] ?? arn : arn;
}

function replication(raw: JsonValue, pointer: string, ctx: Ctx): Replication | null {
  if (!isObj(raw)) return null;
  const rp = joinPointer(pointer, 'Rules');
  const rules = arrayOf(raw.Rules).flatMap((r, i): ReplicationRule[] => {
    if (!isObj(r)) return [];
    const p = joinPointer(rp, i);
    const at = ctx.locate(p);
    const dest = child(r, 'Destination') ?? {};
    const dp = joinPointer(p, 'Destination');
    const bucket = str(dest, 'Bucket', dp, ctx);
    const rule: ReplicationRule = {
      at,
      status: oneOf(str(r, 'Status', p, ctx), ['Enabled', 'Disabled'] as const, 'replication status') ?? unknown('Status missing', at),
      destinationBucket: bucket?.known ? known(bucketNameFromArn(bucket.value), bucket.at) : bucket ?? unknown('Destination.Bucket missing', at),
    };
    const id = str(r, 'ID', p, ctx);
    if (id) rule.id = id;
    const account = str(dest, 'Account', dp, ctx);
    if (account) rule.destinationAccount = account;
    return [rule];
  });
  const out: Replication = { at: ctx.locate(pointer), rules: known(rules, ctx.locate(rp)) };
  const role = str(raw, 'Role', pointer, ctx);
  if (role) out.role = role;
  return out;
}

function objectLock(raw: JsonValue, pointer: string, ctx: Ctx): ObjectLock | null {
  if (!isObj(raw)) return null;
  const enabled = str(raw, 'ObjectLockEnabled', pointer, ctx);
  const out: ObjectLock = {
    at: ctx.locate(pointer),
    enabled: enabled?.known ? known(enabled.value === 'Enabled', enabled.at) : enabled ?? known(false, ctx.locate(pointer), true),
  };
  const retention = child(child(raw, 'Rule') ?? {}, 'DefaultRetention');
  if (retention) {
    const rp = joinPointer(pointer, 'Rule', 'DefaultRetention');
    out.defaultRetention = { at: ctx.locate(rp) };
    const mode = str(retention, 'Mode', rp, ctx);
    if (mode) out.defaultRetention.mode = mode;
    const days = num(retention, 'Days', rp, ctx);
    if (days) out.defaultRetention.days = days;
    const years = num(retention, 'Years', rp, ctx);
    if (years) out.defaultRetention.years = years;
  }
  return out;
}

function tags(raw: JsonValue): Record<string, string> | null {
  const out: Record<string, string> = {};
  const list = isObj(raw) && Array.isArray(raw.TagSet) ? raw.TagSet : Array.isArray(raw) ? raw : undefined;
  if (list) {
    for (const t of list) if (isObj(t) && typeof t.Key === 'string') out[t.Key] = String(t.Value ?? '');
    return out;
  }
  if (isObj(raw)) for (const [k, v] of Object.entries(raw)) out[k] = String(v);
  return out;
}

function notification(raw: JsonValue, pointer: string, ctx: Ctx): Notification | null {
  if (!isObj(raw)) return null;
  const targets: string[] = [];
  if (arrayOf(raw.LambdaFunctionConfigurations).length > 0) targets.push('lambda');
  if (arrayOf(raw.QueueConfigurations).length > 0) targets.push('sqs');
  if (arrayOf(raw.TopicConfigurations).length > 0) targets.push('sns');
  if (isObj(raw.EventBridgeConfiguration)) targets.push('eventbridge');
  if (targets.length === 0) return null;
  return { at: ctx.locate(pointer), targets: known(targets, ctx.locate(pointer)) };
}

const KEY_SOURCES: readonly KeyLayoutEvidence['source'][] = ['firehose', 'firehose-error', 'access-log', 'dms', 'glue', 'object', 'cloudtrail', 'flow-log', 'alb', 'sample', 'other'];

function keyLayouts(b: Obj, pointer: string, ctx: Ctx): KeyLayoutEvidence[] {
  const out: KeyLayoutEvidence[] = [];
  arrayOf(b.keyLayouts).forEach((e, i) => {
    if (!isObj(e)) return;
    const p = joinPointer(pointer, 'keyLayouts', i);
    const source = typeof e.source === 'string' && (KEY_SOURCES as readonly string[]).includes(e.source) ? (e.source as KeyLayoutEvidence['source']) : 'other';
    const ev: KeyLayoutEvidence = { at: ctx.locate(p), source };
    const template = str(e, 'template', p, ctx);
    if (template) ev.template = template;
    if (typeof e.sourceTemplate === 'string') ev.sourceTemplate = e.sourceTemplate;
    if (typeof e.producer === 'string') ev.producer = e.producer;
    if (Array.isArray(e.sampleKeys)) ev.sampleKeys = e.sampleKeys.filter(isStr);
    if (typeof e.expectedPutRate === 'number') ev.expectedPutRate = e.expectedPutRate;
    if (typeof e.expectedGetRate === 'number') ev.expectedGetRate = e.expectedGetRate;
    out.push(ev);
  });
  if ('keySample' in b) {
    const p = joinPointer(pointer, 'keySample');
    const reason = snapshotUnknownReason(b.keySample);
    if (reason !== undefined) out.push({ at: ctx.locate(p), source: 'sample', template: unknown(reason, ctx.locate(p)) });
    else if (isObj(b.keySample) && Array.isArray(b.keySample.keys) && b.keySample.keys.length > 0) {
      out.push({ at: ctx.locate(p), source: 'sample', sampleKeys: b.keySample.keys.filter(isStr) });
    }
  }
  return out;
}

function toBucket(b: Obj, pointer: string, ctx: Ctx): Bucket {
  const at = ctx.locate(joinPointer(pointer, 'name'));
  const name = str(b, 'name', pointer, ctx) ?? unknown('bucket name not recorded', at);
  const sec = <T>(key: string, convert: (v: JsonValue, p: string) => T | null): Value<T | null> => section(b, key, pointer, at, ctx, convert);
  const bucket: Bucket = {
    address: name.known ? `arn:aws:s3:::${name.value}` : `snapshot${pointer}`,
    name,
    at,
    publicAccessBlock: sec('publicAccessBlock', (v, p) => publicAccessBlock(v, p, ctx)),
    policy: sec('policy', (v, p) => policyDocument(v, p, ctx)),
    acl: sec('acl', (v, p) => acl(v, p, ctx)),
    ownership: sec('ownershipControls', (v, p) => ownership(v, p, ctx)),
    lifecycle: sec('lifecycle', (v, p) => lifecycle(v, p, ctx)),
    encryption: sec('encryption', (v, p) => encryption(v, p, ctx)),
    versioning: sec('versioning', (v, p) => versioning(v, p, ctx)),
    logging: sec('logging', (v, p) => logging(v, p, ctx)),
    website: sec('website', (v, p) => website(v, p, ctx)),
    objectLock: sec('objectLock', (v, p) => objectLock(v, p, ctx)),
    replication: sec('replication', (v, p) => replication(v, p, ctx)),
    tags: sec('tags', (v) => tags(v)),
    keyLayouts: keyLayouts(b, pointer, ctx),
    context: { source: 'snapshot' },
  };
  const account = str(b, 'account', pointer, ctx);
  if (account) bucket.account = account;
  const region = str(b, 'region', pointer, ctx);
  if (region) bucket.region = region;
  if ('notification' in b) bucket.notification = sec('notification', (v, p) => notification(v, p, ctx));
  if (b.directory === true) bucket.directory = true;
  if ('policyStatus' in b) {
    const p = joinPointer(pointer, 'policyStatus');
    const raw = b.policyStatus;
    const reason = snapshotUnknownReason(raw);
    bucket.policyStatusIsPublic =
      reason !== undefined
        ? unknown(reason, ctx.locate(p))
        : isObj(raw) && typeof raw.IsPublic === 'boolean'
          ? known(raw.IsPublic, ctx.locate(p))
          : unknown('GetBucketPolicyStatus returned no IsPublic', ctx.locate(p));
  }
  return bucket;
}

function toVpcEndpoint(e: Obj, pointer: string, ctx: Ctx): VpcEndpoint {
  const at = ctx.locate(joinPointer(pointer, 'VpcEndpointId'));
  const id = str(e, 'VpcEndpointId', pointer, ctx) ?? unknown('VpcEndpointId not recorded', at);
  const type = oneOf(str(e, 'VpcEndpointType', pointer, ctx), ['Gateway', 'Interface', 'GatewayLoadBalancer'] as const, 'endpoint type');
  const endpoint: VpcEndpoint = {
    address: `vpce:${id.known ? id.value : pointer}`,
    id,
    at,
    serviceName: str(e, 'ServiceName', pointer, ctx) ?? unknown('ServiceName not recorded', at),
    vpcId: str(e, 'VpcId', pointer, ctx) ?? unknown('VpcId not recorded', at),
    type: type ?? unknown('VpcEndpointType not recorded', at),
    policy: 'PolicyDocument' in e ? section(e, 'PolicyDocument', pointer, at, ctx, (v, p) => policyDocument(v, p, ctx)) : known(null, at),
  };
  const region = str(e, 'region', pointer, ctx);
  if (region) endpoint.region = region;
  return endpoint;
}

function toAccessPoint(a: Obj, pointer: string, ctx: Ctx): AccessPoint {
  const at = ctx.locate(joinPointer(pointer, 'Name'));
  const name = str(a, 'Name', pointer, ctx) ?? unknown('access point name not recorded', at);
  const vpc = child(a, 'VpcConfiguration');
  const point: AccessPoint = {
    address: `accesspoint:${name.known ? name.value : pointer}`,
    name,
    at,
    bucket: str(a, 'Bucket', pointer, ctx) ?? unknown('Bucket not recorded', at),
    networkOrigin: oneOf(str(a, 'NetworkOrigin', pointer, ctx), ['Internet', 'VPC'] as const, 'NetworkOrigin') ?? known(vpc ? 'VPC' : 'Internet', at, true),
    // Access point BPA is all-on by default and cannot be changed after creation.
    publicAccessBlock: 'PublicAccessBlockConfiguration' in a
      ? section(a, 'PublicAccessBlockConfiguration', pointer, at, ctx, (v, p) => publicAccessBlock(v, p, ctx))
      : known({ at, blockPublicAcls: known(true, at, true), ignorePublicAcls: known(true, at, true), blockPublicPolicy: known(true, at, true), restrictPublicBuckets: known(true, at, true) }, at, true),
    policy: 'Policy' in a ? section(a, 'Policy', pointer, at, ctx, (v, p) => policyDocument(v, p, ctx)) : known(null, at),
  };
  if (vpc) {
    const vpcId = str(vpc, 'VpcId', joinPointer(pointer, 'VpcConfiguration'), ctx);
    if (vpcId) point.vpcId = vpcId;
  }
  return point;
}
